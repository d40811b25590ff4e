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

    /**
     * Who did it, when the feature knows better than the request's caller: an account that has just proved who it is
     * (a login), or a client without a token. {@code client} null: the address of the current request, if any.
     */
    public record Actor(UUID id, String name, String role, String client) {
        /** Role of a client that has not signed in. */
        public static final String ANONYMOUS = "ANONYMOUS";

        public static Actor anonymous(String client) {
            return new Actor(null, "anonymous", ANONYMOUS, client);
        }
    }

    /** One change, as a feature describes it; {@code actor} null: the caller of the current request. */
    public record Entry(
            String action,
            UUID conferenceId,
            String targetType,
            String targetId,
            Object before,
            Object after,
            Actor actor) {}

    @Inject
    Event<Entry> entries;

    public void record(
            String action, UUID conferenceId, String targetType, Object targetId, Object before, Object after) {
        recordAs(null, action, conferenceId, targetType, targetId, before, after);
    }

    public void recordAs(
            Actor actor,
            String action,
            UUID conferenceId,
            String targetType,
            Object targetId,
            Object before,
            Object after) {
        entries.fire(new Entry(
                action, conferenceId, targetType, targetId == null ? null : targetId.toString(), before, after, actor));
    }
}
