package bridgepoint.agenda;

import bridgepoint.agenda.AgendaProjection.Slot;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ConferenceStatus;
import bridgepoint.conference.ConferenceStatusChanges;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps each agenda item's calendar revision ({@code revision}, {@code revised_at}): whenever what a calendar shows
 * of an item changes — kind, title, speaker, site, documents, its slot ({@link AgendaProjection#scheduled}, so a
 * delay or an overrun of an earlier item counts too), being skipped, the conference being cancelled — the revision
 * rises by one. Runs in the transaction of every agenda change and status change; a digest of what was shown tells
 * which items changed. Plain updates: the items' versions (their ETags) do not move for it.
 */
@ApplicationScoped
class AgendaRevisions {

    @Inject
    EntityManager em;

    @Inject
    ConferenceService conferences;

    @Inject
    Clock clock;

    void onAgenda(@Observes AgendaChanges.Change change) {
        refresh(change.conference());
    }

    /** After the agenda's own observer (which finishes the live item when the conference ends). */
    void onStatus(@Observes @Priority(150) ConferenceStatusChanges.StatusChanged change) {
        refresh(conferences.find(change.conferenceId()));
    }

    /** Raises the revision of every item of the conference whose calendar view changed; the number raised. */
    int refresh(Conference c) {
        em.flush();
        Map<UUID, String> changed = changed(c);
        Instant now = clock.instant();
        int raised = 0;
        for (Map.Entry<UUID, String> item : changed.entrySet()) {
            // Guarded by the digest: two transactions that see the same change raise the revision once.
            raised += em.createNativeQuery("""
                            update agenda_item set revision = revision + 1, revised_at = ?2, revision_digest = ?3
                            where id = ?1 and revision_digest is distinct from ?3""")
                    .setParameter(1, item.getKey())
                    .setParameter(2, now)
                    .setParameter(3, item.getValue())
                    .executeUpdate();
        }
        return raised;
    }

    /**
     * For readers: brings the revisions up to date where a change did not pass through the agenda (the conference's
     * times moved, which moves items without a planned start of their own). Usually nothing is stale and nothing
     * is written; otherwise the conference is locked first, as every change does, and the revisions raised.
     */
    void refreshIfStale(UUID conferenceId) {
        if (!changed(conferences.find(conferenceId)).isEmpty()) {
            refresh(conferences.lock(conferenceId));
        }
    }

    /** The items whose calendar view differs from the one last revised, with the digest of the new one. */
    private Map<UUID, String> changed(Conference c) {
        List<AgendaItem> items = AgendaItem.ofConference(c.id);
        Map<UUID, Slot> slots = AgendaProjection.scheduled(c, items);
        @SuppressWarnings("unchecked")
        List<Object[]> stored = em.createNativeQuery(
                        "select id, revision_digest from agenda_item where conference_id = ?1")
                .setParameter(1, c.id)
                .getResultList();
        Map<UUID, String> digests = new HashMap<>();
        stored.forEach(r -> digests.put((UUID) r[0], (String) r[1]));
        Map<UUID, String> changed = new LinkedHashMap<>();
        for (AgendaItem item : items) {
            String digest = digest(c, item, slots.get(item.id));
            if (!digest.equals(digests.get(item.id))) {
                changed.put(item.id, digest);
            }
        }
        return changed;
    }

    private static String digest(Conference c, AgendaItem item, Slot slot) {
        String shown = String.join(
                "\u001f",
                item.kind.name(),
                item.title,
                String.valueOf(item.speakerName),
                String.valueOf(item.speakerTitle),
                String.valueOf(item.siteId),
                String.valueOf(item.documents),
                String.valueOf(item.status == AgendaStatus.SKIPPED || c.status == ConferenceStatus.CANCELLED),
                String.valueOf(slot.start()),
                String.valueOf(slot.end()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(shown.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
