package bridgepoint.conference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.UUID;

/**
 * Announces a status change inside the transaction that makes it, so that other features (the live
 * run-of-show, the event stream) can react in the same transaction.
 */
@ApplicationScoped
public class ConferenceStatusChanges {

    /** Fired synchronously, before commit, in the changing transaction. */
    public record StatusChanged(UUID conferenceId, ConferenceStatus from, ConferenceStatus to, Instant at) {}

    @Inject
    Event<StatusChanged> event;

    void changed(Conference c, ConferenceStatus from, Instant at) {
        event.fire(new StatusChanged(c.id, from, c.status, at));
    }
}
