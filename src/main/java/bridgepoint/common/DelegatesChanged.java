package bridgepoint.common;

import java.util.UUID;

/**
 * A CDI event fired, inside the transaction, when a conference's delegates were added, moved to another site or
 * removed: the attendance roll-up (its {@code registered} counts) changed without a check-in. A single change is
 * announced in its own transaction, so that the event is stored when the request is answered; an import's batches
 * ({@code batch}) are announced together, once they have committed.
 */
public record DelegatesChanged(UUID conferenceId, boolean batch) {

    public static DelegatesChanged one(UUID conferenceId) {
        return new DelegatesChanged(conferenceId, false);
    }

    public static DelegatesChanged batchOf(UUID conferenceId) {
        return new DelegatesChanged(conferenceId, true);
    }
}
