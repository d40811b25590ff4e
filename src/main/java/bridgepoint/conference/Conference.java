package bridgepoint.conference;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "conference")
public class Conference extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String title;

    public String description;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    @Column(name = "chair_name")
    public String chairName;

    @Column(name = "chair_title")
    public String chairTitle;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConferenceStatus status;

    /** The bridge point that has the floor while the conference is live. */
    @Column(name = "floor_site_id")
    public UUID floorSiteId;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    @Column(name = "search_text", insertable = false, updatable = false)
    public String searchText;
}
