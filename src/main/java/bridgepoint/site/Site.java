package bridgepoint.site;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A venue that can act as a bridge point (điểm cầu) of conferences. */
@Entity
@Table(name = "site")
public class Site extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String city;

    public String address;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    public Integer capacity;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    /** Folded name, city and address for search; computed by PostgreSQL. */
    @Column(name = "search_text", insertable = false, updatable = false)
    public String searchText;
}
