package bridgepoint.live;

import bridgepoint.common.AfterCommit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The store of every conference's event stream. {@link #append} runs inside the transaction of the
 * change it records: the stream row is locked until commit, so seqs are handed out 1, 2, 3, ... in commit
 * order, with no gaps (a rollback takes its seq back) and no duplicates. The commit notifies every instance
 * ({@code NOTIFY bridgepoint_events}) that the conference has events up to that seq.
 */
@ApplicationScoped
public class EventLog {

    public static final String CHANNEL = "bridgepoint_events";

    /** A stream's position: its epoch and last seq. */
    public record Position(UUID epoch, long lastSeq) {}

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    AfterCommit afterCommit;

    @Inject
    EventFeed feed;

    @Inject
    LiveMetrics metrics;

    @Transactional(Transactional.TxType.MANDATORY)
    public LiveEvent append(UUID conferenceId, String type, Object data) {
        return append(conferenceId, type, json(type, data));
    }

    /**
     * Appends the event unless the conference's last event of this type carries exactly this data (another would
     * tell clients nothing new); null then. Call it with the stream {@link #lock locked}, so that the last one stays
     * the last.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public LiveEvent appendUnlessRepeated(UUID conferenceId, String type, Object data) {
        String json = json(type, data);
        List<?> same = em.createNativeQuery("""
                        select data = cast(?3 as jsonb) from conference_event
                        where conference_id = ?1 and type = ?2 order by seq desc limit 1""")
                .setParameter(1, conferenceId)
                .setParameter(2, type)
                .setParameter(3, json)
                .getResultList();
        if (!same.isEmpty() && Boolean.TRUE.equals(same.get(0))) {
            return null;
        }
        return append(conferenceId, type, json);
    }

    private LiveEvent append(UUID conferenceId, String type, String json) {
        // as stored (a timestamp keeps microseconds): the event this instance delivers from memory reads the same
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Object[] row = (Object[]) em.createNativeQuery("""
                        with s as (
                            insert into conference_stream (conference_id, epoch, last_seq) values (?1, gen_random_uuid(), 1)
                            on conflict (conference_id) do update set last_seq = conference_stream.last_seq + 1
                            returning last_seq, epoch),
                        e as (
                            insert into conference_event (conference_id, seq, type, at, data)
                            select ?1, s.last_seq, ?2, ?3, cast(?4 as jsonb) from s
                            returning cast(data as text) as data)
                        select s.last_seq, s.epoch, e.data, pg_notify(?5, ?6 || ':' || s.last_seq) from s, e""")
                .setParameter(1, conferenceId)
                .setParameter(2, type)
                .setParameter(3, at)
                .setParameter(4, json)
                .setParameter(5, CHANNEL)
                .setParameter(6, conferenceId.toString())
                .getSingleResult();
        long seq = ((Number) row[0]).longValue();
        // the data as the database keeps it (jsonb orders keys its own way): what a read of the event would give
        LiveEvent event = new LiveEvent(conferenceId, seq, type, at, (String) row[2], (UUID) row[1]);
        // This instance's clients need neither the notification's round trip nor a read of what was just written.
        afterCommit.run(() -> {
            metrics.published();
            feed.committed(event);
        });
        return event;
    }

    private String json(String type, Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the data of " + type, e);
        }
    }

    /**
     * Locks the conference's stream until the end of the transaction, before reading what an event will say:
     * events then carry data read in seq order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID conferenceId) {
        em.createNativeQuery("""
                        insert into conference_stream (conference_id, epoch, last_seq) values (?1, gen_random_uuid(), 0)
                        on conflict (conference_id) do update set last_seq = conference_stream.last_seq""").setParameter(1, conferenceId).executeUpdate();
    }

    /** The stream's current position, creating the stream if the conference has none yet. */
    @Transactional
    public Position position(UUID conferenceId) {
        em.createNativeQuery("""
                        insert into conference_stream (conference_id, epoch, last_seq) values (?1, gen_random_uuid(), 0)
                        on conflict (conference_id) do nothing""").setParameter(1, conferenceId).executeUpdate();
        return find(conferenceId);
    }

    /**
     * The stream's position as the current transaction sees it, or null if the conference has no stream yet.
     * A plain read, unlike {@link #position}: inside a repeatable-read transaction the insert there fails
     * ("could not serialize access") whenever an event was appended after the transaction's snapshot.
     */
    @Transactional
    public Position find(UUID conferenceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select epoch, last_seq from conference_stream where conference_id = ?1")
                .setParameter(1, conferenceId)
                .getResultList();
        return rows.isEmpty() ? null : new Position((UUID) rows.get(0)[0], ((Number) rows.get(0)[1]).longValue());
    }

    /** Stored events with {@code after < seq <= upTo}, in order, at most {@code limit}. */
    @Transactional
    public List<LiveEvent> read(UUID conferenceId, long after, long upTo, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select e.seq, e.type, e.at, cast(e.data as text), s.epoch
                        from conference_event e join conference_stream s on s.conference_id = e.conference_id
                        where e.conference_id = ?1 and e.seq > ?2 and e.seq <= ?3
                        order by e.seq limit ?4""")
                .setParameter(1, conferenceId)
                .setParameter(2, after)
                .setParameter(3, upTo)
                .setParameter(4, limit)
                .getResultList();
        List<LiveEvent> events = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            events.add(new LiveEvent(
                    conferenceId, ((Number) r[0]).longValue(), (String) r[1], instant(r[2]), (String) r[3], (UUID)
                            r[4]));
        }
        return events;
    }

    @Transactional
    public long countAfter(UUID conferenceId, long after) {
        return ((Number) em.createNativeQuery(
                                "select count(*) from conference_event where conference_id = ?1 and seq > ?2")
                        .setParameter(1, conferenceId)
                        .setParameter(2, after)
                        .getSingleResult())
                .longValue();
    }

    /** Gives the stream a new epoch: clients resuming with the old one get a fresh snapshot. */
    @Transactional
    public UUID resetEpoch(UUID conferenceId, UUID expected) {
        em.createNativeQuery(
                        "update conference_stream set epoch = gen_random_uuid() where conference_id = ?1 and epoch = ?2")
                .setParameter(1, conferenceId)
                .setParameter(2, expected)
                .executeUpdate();
        return (UUID) em.createNativeQuery("select epoch from conference_stream where conference_id = ?1")
                .setParameter(1, conferenceId)
                .getSingleResult();
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected time value " + value);
    }
}
