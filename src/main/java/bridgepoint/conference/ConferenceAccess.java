package bridgepoint.conference;

import bridgepoint.common.ApiException;
import bridgepoint.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.UUID;

/**
 * Who may read a conference: organizers, the hosts of its participating sites, and its own delegates.
 * Writes are for organizers, enforced with {@code @RolesAllowed} on the resources.
 */
@ApplicationScoped
public class ConferenceAccess {

    @Inject
    Caller caller;

    @Inject
    EntityManager em;

    /** The conference, if it exists (404) and the caller may read it (403). */
    public Conference readable(UUID conferenceId) {
        Conference conference = em.find(Conference.class, conferenceId);
        if (conference == null) {
            throw ApiException.notFound("conference", conferenceId);
        }
        checkRead(conferenceId);
        return conference;
    }

    public void checkRead(UUID conferenceId) {
        switch (caller.role()) {
            case ORGANIZER -> {}
            case DELEGATE -> {
                if (!conferenceId.equals(caller.delegateConferenceId())) {
                    throw ApiException.forbidden("delegates can read only their own conference");
                }
            }
            case SITE_HOST -> {
                if (!hostTakesPart(conferenceId)) {
                    throw ApiException.forbidden("none of your sites takes part in this conference");
                }
            }
        }
    }

    private boolean hostTakesPart(UUID conferenceId) {
        if (caller.hostedSites().isEmpty()) {
            return false;
        }
        Number n = (Number) em.createNativeQuery(
                        "select count(*) from conference_site where conference_id = ?1 and site_id = any(?2)")
                .setParameter(1, conferenceId)
                .setParameter(2, caller.hostedSites().toArray(new UUID[0]))
                .getSingleResult();
        return n.longValue() > 0;
    }
}
