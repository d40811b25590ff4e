package bridgepoint.live;

import bridgepoint.conference.ParticipationService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * A site that leaves a conference, told to every instance: the removing transaction sends {@code <conference>:<site>}
 * on {@link #CHANNEL}, the listener ({@link EventNotifications}) of each instance hears it once it commits and fires
 * {@link Left}, and the streams of that site's hosts are closed ({@link ConferenceSocket}).
 */
@ApplicationScoped
public class SiteDepartures {

    static final String CHANNEL = "bridgepoint_site_left";

    private static final Logger LOG = Logger.getLogger(SiteDepartures.class);

    /** Heard on this instance: the site no longer takes part in the conference. */
    record Left(UUID conferenceId, UUID siteId) {}

    @Inject
    EntityManager em;

    @Inject
    Event<Left> heard;

    void onSiteLeft(@Observes ParticipationService.SiteLeft left) {
        em.createNativeQuery("select pg_notify(?1, ?2)")
                .setParameter(1, CHANNEL)
                .setParameter(2, left.conferenceId() + ":" + left.siteId())
                .getSingleResult();
    }

    /** A notification on {@link #CHANNEL}. */
    void notified(String payload) {
        int colon = payload.indexOf(':');
        Left left;
        try {
            left = new Left(
                    UUID.fromString(payload.substring(0, colon)), UUID.fromString(payload.substring(colon + 1)));
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring a malformed site departure '%s'", payload);
            return;
        }
        heard.fire(left);
    }
}
