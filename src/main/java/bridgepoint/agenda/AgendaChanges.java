package bridgepoint.agenda;

import bridgepoint.conference.Conference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * Announces agenda changes synchronously inside the transaction that makes them, so that the live event
 * stream records them in that same transaction.
 */
@ApplicationScoped
public class AgendaChanges {

    public interface Change {
        Conference conference();
    }

    /** A change to one item, named by its event type. */
    public record ItemChanged(Conference conference, String type, AgendaItem item, Integer minutes) implements Change {}

    public record Removed(Conference conference, UUID itemId) implements Change {}

    public record Reordered(Conference conference, List<UUID> itemIds) implements Change {}

    public static final String ADDED = "agenda.item.added";
    public static final String UPDATED = "agenda.item.updated";
    public static final String STARTED = "agenda.item.started";
    public static final String FINISHED = "agenda.item.finished";
    public static final String SKIPPED = "agenda.item.skipped";
    public static final String DELAYED = "agenda.item.delayed";

    @Inject
    Event<Change> event;

    void item(Conference c, String type, AgendaItem item) {
        event.fire(new ItemChanged(c, type, item, null));
    }

    void delayed(Conference c, AgendaItem item, int minutes) {
        event.fire(new ItemChanged(c, DELAYED, item, minutes));
    }

    void removed(Conference c, UUID itemId) {
        event.fire(new Removed(c, itemId));
    }

    void reordered(Conference c, List<AgendaItem> items) {
        event.fire(new Reordered(c, items.stream().map(i -> i.id).toList()));
    }
}
