package bridgepoint.audit;

import bridgepoint.common.Audit;
import bridgepoint.common.Page;
import bridgepoint.common.PageRequest;
import bridgepoint.common.TimeZones;
import bridgepoint.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The audit log: every change made by an organizer or a site host, with who made it, when, from where, and the
 * state before and after, in the transaction of the change. The table is append-only in the database itself (a
 * trigger refuses any update, delete or truncate, whoever asks), and it does not reference the conference, so the
 * record outlives a deleted conference.
 */
@ApplicationScoped
public class AuditLog {

    /** Background work (no request) is done by the service itself. */
    private static final Audit.Actor SERVICE = new Audit.Actor(null, "bridgepoint", "SERVICE", null);

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    @Inject
    Caller caller;

    void record(@Observes Audit.Entry entry) {
        Audit.Actor actor = entry.actor() == null ? actor() : withClient(entry.actor());
        em.createNativeQuery("""
                        insert into audit_entry (at, actor_id, actor_name, actor_role, client, conference_id, action,
                                                 target_type, target_id, before, after)
                        values (clock_timestamp(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, cast(?9 as jsonb), cast(?10 as jsonb))""")
                .setParameter(1, actor.id())
                .setParameter(2, actor.name())
                .setParameter(3, actor.role())
                .setParameter(4, actor.client())
                .setParameter(5, entry.conferenceId())
                .setParameter(6, entry.action())
                .setParameter(7, entry.targetType())
                .setParameter(8, entry.targetId())
                .setParameter(9, json(entry.before()))
                .setParameter(10, json(entry.after()))
                .executeUpdate();
    }

    /**
     * The caller of the current request; a request without one (a login, a join, a reset code) is an anonymous client
     * at its address; outside any request, the service.
     */
    private Audit.Actor actor() {
        if (!Arc.container().requestContext().isActive()) {
            return SERVICE;
        }
        String client = client();
        try {
            var claims = caller.claims();
            return new Audit.Actor(
                    claims.subject(), claims.name(), claims.role().name(), client);
        } catch (RuntimeException anonymous) {
            return client == null ? SERVICE : Audit.Actor.anonymous(client);
        }
    }

    /** The actor a feature named, at the current request's address unless it named one. */
    private static Audit.Actor withClient(Audit.Actor actor) {
        return actor.client() != null ? actor : new Audit.Actor(actor.id(), actor.name(), actor.role(), client());
    }

    /** The address of the current request's client (behind a trusted proxy, from X-Forwarded-For), if any. */
    private static String client() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        CurrentVertxRequest current =
                Arc.container().instance(CurrentVertxRequest.class).get();
        if (current == null || current.getCurrent() == null) {
            return null;
        }
        var address = current.getCurrent().request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    private String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record " + value + ": " + e.getMessage(), e);
        }
    }

    /** The entries, newest first; of one conference, or all ({@code conferenceId} null), optionally of one action. */
    @Transactional
    public Page<AuditEntryResponse> list(UUID conferenceId, String action, UUID actorId, PageRequest page) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (conferenceId != null) {
            where.add("conference_id = ?" + (params.size() + 1));
            params.add(conferenceId);
        }
        if (action != null) {
            where.add("action = ?" + (params.size() + 1));
            params.add(action);
        }
        if (actorId != null) {
            where.add("actor_id = ?" + (params.size() + 1));
            params.add(actorId);
        }
        String condition = where.isEmpty() ? "" : " where " + String.join(" and ", where);
        var count = em.createNativeQuery("select count(*) from audit_entry" + condition);
        var query = em.createNativeQuery(
                """
                select a.id, a.at, a.actor_id, a.actor_name, a.actor_role, a.client, a.conference_id, a.action,
                       a.target_type, a.target_id, cast(a.before as text), cast(a.after as text),
                       (select c.time_zone from conference c where c.id = a.conference_id)
                from audit_entry a""" + condition + " order by a.id desc limit " + page.size() + " offset " + page.offset());
        for (int i = 0; i < params.size(); i++) {
            count.setParameter(i + 1, params.get(i));
            query.setParameter(i + 1, params.get(i));
        }
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<AuditEntryResponse> items = new ArrayList<>();
        for (Object[] r : rows) {
            items.add(new AuditEntryResponse(
                    ((Number) r[0]).longValue(),
                    TimeZones.at(instant(r[1]), r[12] == null ? "UTC" : (String) r[12]),
                    new AuditEntryResponse.Actor((UUID) r[2], (String) r[3], (String) r[4], (String) r[5]),
                    (UUID) r[6],
                    (String) r[7],
                    (String) r[8],
                    (String) r[9],
                    tree((String) r[10]),
                    tree((String) r[11])));
        }
        return new Page<>(items, total, page.page(), page.size());
    }

    private JsonNode tree(String json) {
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        return ((OffsetDateTime) value).toInstant();
    }
}
