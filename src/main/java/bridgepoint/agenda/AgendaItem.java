package bridgepoint.agenda;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "agenda_item")
public class AgendaItem extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "conference_id", nullable = false)
    public UUID conferenceId;

    /** 1-based place in the agenda. */
    @Column(nullable = false)
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgendaKind kind;

    @Column(nullable = false)
    public String title;

    @Column(name = "speaker_name")
    public String speakerName;

    @Column(name = "speaker_title")
    public String speakerTitle;

    /** The bridge point the speaker talks from. */
    @Column(name = "site_id")
    public UUID siteId;

    @Column(name = "planned_start")
    public Instant plannedStart;

    @Column(name = "planned_minutes", nullable = false)
    public int plannedMinutes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<DocumentRef> documents = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgendaStatus status;

    @Column(name = "actual_start")
    public Instant actualStart;

    @Column(name = "actual_end")
    public Instant actualEnd;

    /** Minutes added by "delay": a planned item starts later, a live one runs longer. */
    @Column(name = "delay_minutes", nullable = false)
    public int delayMinutes;

    @Version
    public long version;

    /**
     * The calendar revision: raised whenever what a calendar shows of the item changes (its {@code SEQUENCE}), at
     * {@link #revisedAt}. Written only by {@link AgendaRevisions}, never through the entity.
     */
    @Column(insertable = false, updatable = false)
    public int revision;

    @Column(name = "revised_at", insertable = false, updatable = false)
    public Instant revisedAt;

    public static List<AgendaItem> ofConference(UUID conferenceId) {
        return list("conferenceId = ?1 order by position", conferenceId);
    }
}
