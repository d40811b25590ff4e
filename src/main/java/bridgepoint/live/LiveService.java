package bridgepoint.live;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.Versions;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ConferenceStatus;
import bridgepoint.conference.FloorControl;
import bridgepoint.conference.ParticipationService;
import bridgepoint.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The floor, announcements and the stored event stream of a conference. */
@ApplicationScoped
public class LiveService {

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    ConferenceService conferences;

    @Inject
    ConferenceAccess access;

    @Inject
    ParticipationService participations;

    @Inject
    FloorControl floor;

    @Inject
    EventLog log;

    @Inject
    Caller caller;

    /**
     * Organizers hand the floor to any participating site. The host of the site that has the floor may hand
     * it back to the conference's HOST site, and nothing else.
     */
    @Transactional
    public Conference handOver(UUID conferenceId, UUID siteId, String ifMatch) {
        Conference c = conferences.lock(conferenceId);
        Versions.checkIfMatch(ifMatch, c.version);
        if (!caller.isOrganizer()) {
            access.checkRead(conferenceId);
            UUID host = participations.hostSiteId(conferenceId).orElse(null);
            if (!caller.hostsSite(c.floorSiteId) || !siteId.equals(host)) {
                throw ApiException.forbidden(
                        "a site host can only hand the floor of its own site back to the HOST site");
            }
        }
        UUID from = c.floorSiteId;
        floor.handOver(c, siteId, caller.isOrganizer() ? "organizer" : "handed back by " + caller.name());
        em.flush(); // the answer's ETag is the version this change gave the conference
        audit.record(
                "floor.handed-over",
                conferenceId,
                "conference",
                conferenceId,
                Collections.singletonMap("floorSiteId", from),
                Collections.singletonMap("floorSiteId", c.floorSiteId));
        return c;
    }

    /** An announcement to every bridge point, or to one ({@code siteId}); every client receives it. */
    @Transactional
    public LiveEvent announce(UUID conferenceId, String text, UUID siteId) {
        Conference c = conferences.lock(conferenceId);
        if (c.status != ConferenceStatus.SCHEDULED && c.status != ConferenceStatus.LIVE) {
            throw ApiException.conflict(
                            "conference-not-live",
                            "announcements are made to SCHEDULED or LIVE conferences; " + "this one is " + c.status)
                    .with("currentStatus", c.status);
        }
        if (siteId != null && !participations.takesPart(conferenceId, siteId)) {
            throw ApiException.badRequest("siteId", "site " + siteId + " does not take part in this conference");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text);
        data.put("siteId", siteId);
        data.put("by", caller.name());
        LiveEvent event = log.append(conferenceId, EventTypes.ANNOUNCEMENT, data);
        audit.record("announcement.made", conferenceId, "event", event.seq(), null, data);
        return event;
    }

    @Transactional
    public List<LiveEvent> events(UUID conferenceId, long after, int limit) {
        access.readable(conferenceId);
        return log.read(conferenceId, after, Long.MAX_VALUE, limit);
    }

    @Transactional
    public long countAfter(UUID conferenceId, long after) {
        return log.countAfter(conferenceId, after);
    }

    @Transactional
    public String timeZone(UUID conferenceId) {
        return access.readable(conferenceId).timeZone;
    }
}
