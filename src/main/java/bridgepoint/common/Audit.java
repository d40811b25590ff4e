package bridgepoint.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * What a feature calls, inside the transaction of a change, to have it recorded in the audit log: the action, the
 * conference it belongs to (if any), what it acted on, and the state before and after (the resource as the API shows
 * it, or null). The {@code audit} feature adds who did it and keeps it; recorded in the same transaction, the entry
 * exists exactly when the change does.
 */
@ApplicationScoped
public class Audit {

    /** One change, as a feature describes it. */
    public record Entry(
            String action, UUID conferenceId, String targetType, String targetId, Object before, Object after) {}

    @Inject
    Event<Entry> entries;

    public void record(
            String action, UUID conferenceId, String targetType, Object targetId, Object before, Object after) {
        entries.fire(new Entry(
                action, conferenceId, targetType, targetId == null ? null : targetId.toString(), before, after));
    }
}
