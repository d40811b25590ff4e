package bridgepoint.live;

import bridgepoint.conference.ParticipationService;
import bridgepoint.security.TokenCheck;
import bridgepoint.security.TokenClaims;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Who may open {@code /ws/conferences/{id}}: organizers, hosts of a participating site, and the conference's
 * own delegates, with a valid token as a subprotocol (or in an {@code Authorization} header; see
 * {@link TokenCheck#upgrade}). Anything else is refused before the upgrade: 401 without a valid token (or with one
 * in {@code ?token=}), 403 for another conference, 404 for an unknown one, 400 for a malformed {@code after} or
 * {@code epoch}, 503 while this instance shuts down.
 */
@ApplicationScoped
public class SocketAccessCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<TokenClaims> CLAIMS = new UserData.TypedKey<>("bridgepoint.claims");
    static final UserData.TypedKey<Long> AFTER = new UserData.TypedKey<>("bridgepoint.after");
    static final UserData.TypedKey<String> EPOCH = new UserData.TypedKey<>("bridgepoint.epoch");
    /** The client's address as this instance resolves it (behind a trusted proxy, from X-Forwarded-For). */
    static final UserData.TypedKey<String> ADDRESS = new UserData.TypedKey<>("bridgepoint.address");

    @Inject
    EventFeed feed;

    @Inject
    TokenCheck tokens;

    @Inject
    EntityManager em;

    @Inject
    ParticipationService participations;

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (feed.shuttingDown()) {
            return CheckResult.rejectUpgrade(503);
        }
        UUID conferenceId;
        try {
            conferenceId = UUID.fromString(context.pathParam("id"));
        } catch (RuntimeException e) {
            return CheckResult.rejectUpgrade(404);
        }
        // the request's parameters, as parsed (once) for the token
        String afterParam = context.httpRequest().getParam("after");
        String epochParam = context.httpRequest().getParam("epoch");
        Long after = null;
        String epoch = null;
        try {
            if (afterParam != null) {
                after = Long.parseLong(afterParam);
                if (after < 0) {
                    return CheckResult.rejectUpgrade(400);
                }
            }
            if (epochParam != null) {
                epoch = UUID.fromString(epochParam).toString();
            }
        } catch (RuntimeException e) {
            return CheckResult.rejectUpgrade(400);
        }
        Long resumeAfter = after;
        String resumeEpoch = epoch;
        // The token is checked here rather than through Quarkus Security: cheaper, and the connection then keeps no
        // security identity of its own (its claims are all it needs).
        return tokens.upgrade(context.httpRequest()).onItemOrFailure().transformToUni((claims, failure) -> {
            if (failure != null) {
                return CheckResult.rejectUpgrade(503); // the token could not be checked: refused, not let in
            }
            if (claims == null) {
                return CheckResult.rejectUpgrade(401);
            }
            context.userData().put(CLAIMS, claims);
            SocketAddress address = context.httpRequest().remoteAddress();
            if (address != null && address.hostAddress() != null) {
                context.userData().put(ADDRESS, address.hostAddress());
            }
            if (resumeAfter != null) {
                context.userData().put(AFTER, resumeAfter);
            }
            if (resumeEpoch != null) {
                context.userData().put(EPOCH, resumeEpoch);
            }
            return switch (claims.role()) {
                case DELEGATE ->
                    conferenceId.equals(claims.conferenceId())
                            ? CheckResult.permitUpgrade()
                            : CheckResult.rejectUpgrade(403);
                case ORGANIZER ->
                    feed.follows(conferenceId)
                            ? CheckResult.permitUpgrade()
                            : blocking(() -> exists(conferenceId) ? 200 : 404);
                case SITE_HOST ->
                    blocking(() -> !exists(conferenceId) ? 404 : hostTakesPart(conferenceId, claims) ? 200 : 403);
            };
        });
    }

    private static Uni<CheckResult> blocking(Supplier<Integer> status) {
        return Uni.createFrom()
                .item(status)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(code -> code == 200 ? CheckResult.permitUpgradeSync() : CheckResult.rejectUpgradeSync(code));
    }

    @Transactional
    boolean exists(UUID conferenceId) {
        return ((Number) em.createNativeQuery("select count(*) from conference where id = ?1")
                                .setParameter(1, conferenceId)
                                .getSingleResult())
                        .longValue()
                > 0;
    }

    boolean hostTakesPart(UUID conferenceId, TokenClaims claims) {
        return !participations.takingPart(conferenceId, claims.siteIds()).isEmpty();
    }
}
