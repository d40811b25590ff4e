package bridgepoint.conference;

import bridgepoint.common.Person;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A site taking part in a conference: a bridge point, with its local co-chairs and stream. */
@Entity
@Table(name = "conference_site")
@IdClass(ConferenceSite.Key.class)
public class ConferenceSite extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID conferenceId;
        public UUID siteId;

        public Key() {}

        public Key(UUID conferenceId, UUID siteId) {
            this.conferenceId = conferenceId;
            this.siteId = siteId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(conferenceId, k.conferenceId)
                    && Objects.equals(siteId, k.siteId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conferenceId, siteId);
        }
    }

    @Id
    @Column(name = "conference_id")
    public UUID conferenceId;

    @Id
    @Column(name = "site_id")
    public UUID siteId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SiteRole role;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Person> chairs = new ArrayList<>();

    @Column(name = "stream_url")
    public String streamUrl;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    @Version
    public long version;

    public static List<ConferenceSite> ofConference(UUID conferenceId) {
        return list("conferenceId", conferenceId);
    }
}
