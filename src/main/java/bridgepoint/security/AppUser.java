package bridgepoint.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** An organizer or a site host; delegates are not users, they join with a code. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String username;

    /**
     * Not part of the account as the API shows it: changed by an update of its own ({@link UserService}), which does
     * not change the version (nor the ETag).
     */
    @Column(name = "password_hash", nullable = false, updatable = false)
    public String passwordHash;

    @Column(name = "display_name")
    public String displayName;

    /** A disabled account cannot log in, and its tokens are refused. */
    @Column(nullable = false)
    public boolean disabled;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "app_user_site", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "site_id")
    public Set<UUID> siteIds = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public UUID createdBy;

    @Column(name = "created_by_name")
    public String createdByName;

    /** Set by each login (an update of its own), which is not a change of the account: the version stays. */
    @Column(name = "last_login_at", updatable = false)
    public Instant lastLoginAt;

    /**
     * Carried by every token of the account; replaced (by an update of its own, the version stays) to revoke them all
     * (see {@link TokenSubjects}).
     */
    @Column(name = "token_stamp", nullable = false, updatable = false)
    public String tokenStamp = "";

    /** Folded username and display name for search; computed by PostgreSQL. */
    @Column(name = "search_text", insertable = false, updatable = false)
    public String searchText;

    @Version
    public long version;

    public static Optional<AppUser> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResultOptional();
    }
}
