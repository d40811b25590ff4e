package bridgepoint.delegate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A person attending a conference at one of its sites, who joins the web client with a personal code. */
@Entity
@Table(name = "delegate")
public class Delegate extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "conference_id", nullable = false)
    public UUID conferenceId;

    /** The site the delegate is assigned to. */
    @Column(name = "site_id", nullable = false)
    public UUID siteId;

    @Column(name = "full_name", nullable = false)
    public String fullName;

    public String title;

    public String organization;

    public String email;

    public String phone;

    /** Normalised (upper case, no separators); see {@link JoinCodes}. */
    @Column(name = "join_code", nullable = false)
    public String joinCode;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    @Column(name = "search_text", insertable = false, updatable = false)
    public String searchText;
}
