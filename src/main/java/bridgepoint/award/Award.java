package bridgepoint.award;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An entry of a conference's awards roll: a collective or an individual honoured, with the award. */
@Entity
@Table(name = "award")
public class Award extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "conference_id", nullable = false)
    public UUID conferenceId;

    /** Entry order (an identity column): the roll is read in the order it was entered or imported. */
    @Column(insertable = false, updatable = false)
    public Long number;

    @Enumerated(EnumType.STRING)
    @Column(name = "recipient_type", nullable = false)
    public RecipientType recipientType;

    @Column(nullable = false)
    public String name;

    /** The recipient's unit (for an individual) or parent body (for a collective). */
    public String unit;

    /** The distinction, e.g. "Bằng khen của Bộ trưởng Bộ Công an". */
    @Column(nullable = false)
    public String award;

    /** The bridge point the recipient attends from, if any. */
    @Column(name = "site_id")
    public UUID siteId;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "search_text", insertable = false, updatable = false)
    public String searchText;
}
