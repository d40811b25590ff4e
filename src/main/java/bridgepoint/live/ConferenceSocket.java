package bridgepoint.live;

import bridgepoint.conference.ParticipationService;
import bridgepoint.security.Role;
import bridgepoint.security.TokenClaims;
import bridgepoint.security.TokenSubjects;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * {@code /ws/conferences/{id}?after=N&epoch=E} (the token as a subprotocol or header: {@link SocketAccessCheck}): a
 * snapshot (no {@code after}, or another epoch) or the events after N, then every new event in seq order. Clients send
 * {@code {"type":"heartbeat","siteId"}} (site hosts, at least every 10 s). A stream follows its token: it is closed
 * when the token expires (4002), is revoked (4003), or its site leaves the conference (4004); one over the caps per
 * token or address is closed as it opens (4029). Every close code: {@link CloseCodes}.
 */
@WebSocket(path = "/ws/conferences/{id}")
public class ConferenceSocket {

    private static final Logger LOG = Logger.getLogger(ConferenceSocket.class);

    private static final UserData.TypedKey<MessageAllowance> ALLOWANCE =
            new UserData.TypedKey<>("bridgepoint.allowance");
    private static final UserData.TypedKey<Subscriber> SUBSCRIBER = new UserData.TypedKey<>("bridgepoint.subscriber");
    private static final UserData.TypedKey<SocketLimits.Slot> SLOT = new UserData.TypedKey<>("bridgepoint.slot");
    private static final UserData.TypedKey<Long> EXPIRY = new UserData.TypedKey<>("bridgepoint.expiry");
    private static final String EXPIRED = "token expired";
    private static final String SITE_LEFT = "your site no longer takes part in this conference";

    @Inject
    EventFeed feed;

    @Inject
    SitePresence presence;

    @Inject
    ObjectMapper mapper;

    @Inject
    OpenConnections connections;

    @Inject
    LiveConfig config;

    @Inject
    TokenSubjects subjects;

    @Inject
    ParticipationService participations;

    @Inject
    LiveMetrics metrics;

    @Inject
    Vertx vertx;

    private SocketLimits limits;

    @PostConstruct
    void limits() {
        limits = new SocketLimits(config.maxSocketsPerToken(), config.maxSocketsPerAddress());
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection c) {
        // The connection itself, as a parameter: events are sent to it later, from the event loop's own tasks, where
        // an injected (session-scoped) connection would not work. No injected connection anywhere in this endpoint
        // also means no session context to activate for each callback.
        TokenClaims claims = c.userData().get(SocketAccessCheck.CLAIMS);
        SocketLimits.Slot slot = limits.admit(claims.tokenId(), c.userData().get(SocketAccessCheck.ADDRESS));
        if (slot.over() != null) {
            metrics.overCap(slot.over());
            closeWith(
                    c,
                    CloseCodes.TOO_MANY_SOCKETS,
                    "too many open sockets for this " + slot.over().name().toLowerCase());
            return;
        }
        c.userData().put(SLOT, slot);
        long untilExpiry = claims.expiresAt() * 1000 - System.currentTimeMillis();
        if (untilExpiry <= 0) {
            closeWith(c, CloseCodes.EXPIRED, EXPIRED);
            return;
        }
        c.userData().put(EXPIRY, vertx.setTimer(untilExpiry, id -> closeWith(c, CloseCodes.EXPIRED, EXPIRED)));
        UUID conferenceId = UUID.fromString(c.pathParam("id"));
        WebSocketBase socket = SocketWrites.socketOf(c);
        Subscriber subscriber = new Subscriber(conferenceId, Vertx.currentContext(), new Subscriber.Sink() {
            @Override
            public void send(String message, Runnable done) {
                if (socket != null) {
                    socket.writeTextMessage(message, written -> done.run());
                } else {
                    c.sendText(message).subscribe().with(v -> done.run(), failure -> done.run());
                }
            }

            @Override
            public CompletionStage<Void> close(int code, String reason) {
                return c.close(new CloseReason(code, reason))
                        .onFailure()
                        .recoverWithNull()
                        .subscribeAsCompletionStage();
            }
        });
        c.userData().put(SUBSCRIBER, subscriber);
        String epoch = c.userData().get(SocketAccessCheck.EPOCH);
        feed.subscribe(
                subscriber, c.userData().get(SocketAccessCheck.AFTER), epoch == null ? null : UUID.fromString(epoch));
    }

    /**
     * Revocations and sites leaving may have been missed while the listener was away: the tokens of every open
     * connection, and the sites of every open host connection, are checked again, and what no longer stands is closed.
     */
    void recheck(@Observes TokenSubjects.RecheckOpen recheck) {
        closeWhereRevoked(open(claims -> true), false);
        Map<UUID, List<WebSocketConnection>> hosts = new HashMap<>();
        for (WebSocketConnection c : connections) {
            TokenClaims claims = c.userData().get(SocketAccessCheck.CLAIMS);
            if (claims != null && claims.role() == Role.SITE_HOST) {
                hosts.computeIfAbsent(conferenceOf(c), k -> new ArrayList<>()).add(c);
            }
        }
        hosts.forEach(this::closeWhereNoSiteTakesPart);
    }

    /**
     * A site left the conference (heard on every instance): the streams of hosts none of whose sites take part any
     * more are closed. Delegates need no such care: a site with delegates cannot leave.
     */
    void siteLeft(@Observes SiteDepartures.Left left) {
        List<WebSocketConnection> checked = new ArrayList<>();
        for (WebSocketConnection c : connections) {
            TokenClaims claims = c.userData().get(SocketAccessCheck.CLAIMS);
            if (claims != null
                    && claims.role() == Role.SITE_HOST
                    && claims.siteIds().contains(left.siteId())
                    && conferenceOf(c).equals(left.conferenceId())) {
                if (claims.siteIds().size() == 1) {
                    closeWith(c, CloseCodes.SITE_LEFT, SITE_LEFT);
                } else {
                    checked.add(c);
                }
            }
        }
        if (!checked.isEmpty()) {
            closeWhereNoSiteTakesPart(left.conferenceId(), checked);
        }
    }

    /** Of these host streams of a conference, closes those none of whose sites take part in it (read on a worker). */
    private void closeWhereNoSiteTakesPart(UUID conferenceId, List<WebSocketConnection> hosts) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            Set<UUID> sites = new HashSet<>();
            hosts.forEach(
                    c -> sites.addAll(c.userData().get(SocketAccessCheck.CLAIMS).siteIds()));
            Set<UUID> taking;
            try {
                taking = participations.takingPart(conferenceId, sites);
            } catch (RuntimeException e) {
                LOG.warnf("The sites of open host streams could not be checked: %s", e.getMessage());
                return;
            }
            for (WebSocketConnection c : hosts) {
                if (Collections.disjoint(
                        c.userData().get(SocketAccessCheck.CLAIMS).siteIds(), taking)) {
                    closeWith(c, CloseCodes.SITE_LEFT, SITE_LEFT);
                }
            }
        });
    }

    private static UUID conferenceOf(WebSocketConnection c) {
        return UUID.fromString(c.pathParam("id"));
    }

    /**
     * A subject whose tokens may have been revoked (all of them, or a single one by a logout): its connections on this
     * instance are checked again, and those whose token no longer stands are closed. When that cannot be read, they
     * are all closed (the clients reconnect, and are checked then). Rare; a scan is fine.
     */
    void revoked(@Observes TokenSubjects.Revoked revoked) {
        closeWhereRevoked(open(claims -> claims.subject().equals(revoked.subject())), true);
    }

    /** The open connections whose tokens match, by token. */
    private Map<TokenClaims, List<WebSocketConnection>> open(Predicate<TokenClaims> which) {
        Map<TokenClaims, List<WebSocketConnection>> open = new HashMap<>();
        for (WebSocketConnection c : connections) {
            TokenClaims claims = c.userData().get(SocketAccessCheck.CLAIMS);
            if (claims != null && which.test(claims)) {
                open.computeIfAbsent(claims, k -> new ArrayList<>()).add(c);
            }
        }
        return open;
    }

    private void closeWhereRevoked(Map<TokenClaims, List<WebSocketConnection>> open, boolean closeIfUnchecked) {
        if (open.isEmpty()) {
            return;
        }
        subjects.recheck(open.keySet()).whenComplete((stands, failure) -> {
            if (failure != null) {
                LOG.warnf("Open WebSocket tokens could not be checked again: %s", failure.getMessage());
            }
            open.forEach((claims, sockets) -> {
                boolean revoked = failure != null ? closeIfUnchecked : !stands.get(claims);
                if (revoked) {
                    sockets.forEach(c -> closeWith(c, CloseCodes.REVOKED, "access revoked"));
                }
            });
        });
    }

    private static void closeWith(WebSocketConnection c, int code, String reason) {
        c.close(new CloseReason(code, reason)).subscribe().with(v -> {}, f -> {});
    }

    @OnTextMessage
    void message(String text, WebSocketConnection connection) {
        if (!allowance(connection).take()) {
            connection
                    .close(new CloseReason(CloseCodes.POLICY_VIOLATION, "too many messages"))
                    .subscribe()
                    .with(v -> {}, f -> {});
            return;
        }
        TokenClaims claims = connection.userData().get(SocketAccessCheck.CLAIMS);
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (Exception e) {
            reply(connection, "malformed message: send JSON such as {\"type\":\"heartbeat\",\"siteId\":\"...\"}");
            return;
        }
        String type = message.path("type").asText();
        if (!"heartbeat".equals(type)) {
            reply(connection, "unknown message type '" + type + "'");
            return;
        }
        UUID siteId;
        try {
            siteId = UUID.fromString(message.path("siteId").asText());
        } catch (RuntimeException e) {
            reply(connection, "a heartbeat names its siteId");
            return;
        }
        if (claims.role() != Role.SITE_HOST || !claims.siteIds().contains(siteId)) {
            reply(connection, "only the host of site " + siteId + " sends its heartbeats");
            return;
        }
        if (!presence.heartbeat(UUID.fromString(connection.pathParam("id")), siteId)) {
            reply(connection, "site " + siteId + " does not take part in this conference");
        }
    }

    /**
     * A message over {@code quarkus.websockets-next.server.max-message-size} fails in Vert.x before it reaches
     * {@link #message}: the client is told so (1009), rather than of a server error.
     */
    @OnError
    void failed(Throwable failure, WebSocketConnection connection) {
        boolean tooBig = failure instanceof IllegalStateException
                && String.valueOf(failure.getMessage()).contains("max message size");
        if (!tooBig) {
            LOG.warnf(failure, "WebSocket of conference %s failed", connection.pathParam("id"));
        }
        connection
                .close(
                        tooBig
                                ? new CloseReason(CloseCodes.MESSAGE_TOO_BIG, "message too big")
                                : new CloseReason(CloseCodes.UNAVAILABLE, "server error, reconnect"))
                .subscribe()
                .with(v -> {}, f -> {});
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        Subscriber subscriber = connection.userData().get(SUBSCRIBER);
        if (subscriber != null) {
            feed.unsubscribe(subscriber);
        }
        Long expiry = connection.userData().get(EXPIRY);
        if (expiry != null) {
            vertx.cancelTimer(expiry);
        }
        SocketLimits.Slot slot = connection.userData().get(SLOT);
        if (slot != null) {
            limits.release(slot);
        }
    }

    private MessageAllowance allowance(WebSocketConnection connection) {
        MessageAllowance allowance = connection.userData().get(ALLOWANCE);
        if (allowance == null) {
            allowance = new MessageAllowance(config.clientMessagesPerMinute());
            connection.userData().put(ALLOWANCE, allowance);
        }
        return allowance;
    }

    private void reply(WebSocketConnection connection, String error) {
        connection
                .sendText("{\"type\":\"error\",\"message\":" + quote(error) + "}")
                .subscribe()
                .with(v -> {}, f -> {});
    }

    private String quote(String s) {
        try {
            return mapper.writeValueAsString(s);
        } catch (Exception e) {
            return "\"error\"";
        }
    }
}
