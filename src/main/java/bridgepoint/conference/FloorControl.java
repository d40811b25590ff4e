package bridgepoint.conference;

import bridgepoint.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.UUID;

/** Which bridge point has the floor while a conference is live. */
@ApplicationScoped
public class FloorControl {

    /** Fired synchronously in the changing transaction. */
    public record FloorChanged(Conference conference, UUID from, UUID to, String reason) {}

    @Inject
    ParticipationService participations;

    @Inject
    Event<FloorChanged> changed;

    /**
     * Gives the floor to a participating site of a live conference (locked by the caller). Returns whether it
     * changed: handing the floor to the site that has it is no change and no event.
     */
    public boolean handOver(Conference c, UUID siteId, String reason) {
        if (c.status != ConferenceStatus.LIVE) {
            throw ApiException.conflict(
                    "conference-not-live", "the floor moves only while the conference is LIVE; it is " + c.status);
        }
        if (!participations.takesPart(c.id, siteId)) {
            throw ApiException.badRequest("siteId", "site " + siteId + " does not take part in this conference");
        }
        if (siteId.equals(c.floorSiteId)) {
            return false;
        }
        UUID from = c.floorSiteId;
        c.floorSiteId = siteId;
        changed.fire(new FloorChanged(c, from, siteId, reason));
        return true;
    }
}
