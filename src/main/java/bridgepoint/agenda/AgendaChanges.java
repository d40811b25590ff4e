package bridgepoint.agenda;

import bridgepoint.conference.Conference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/** Announces agenda changes inside the transaction that makes them (observed by the live event stream). */
@ApplicationScoped
public class AgendaChanges {

    public sealed interface Change permits Added, Updated, Removed, Reordered {
        Conference conference();
    }

    public record Added(Conference conference, AgendaItem item) implements Change {
    }

    public record Updated(Conference conference, AgendaItem item) implements Change {
    }

    public record Removed(Conference conference, UUID itemId) implements Change {
    }

    public record Reordered(Conference conference, List<AgendaItem> items) implements Change {
    }

    @Inject
    Event<Change> event;

    void added(Conference c, AgendaItem item) {
        event.fire(new Added(c, item));
    }

    void updated(Conference c, AgendaItem item) {
        event.fire(new Updated(c, item));
    }

    void removed(Conference c, UUID itemId) {
        event.fire(new Removed(c, itemId));
    }

    void reordered(Conference c, List<AgendaItem> items) {
        event.fire(new Reordered(c, items));
    }
}
