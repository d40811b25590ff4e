package bridgepoint.deploy;

import bridgepoint.support.Report;
import bridgepoint.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof of README "Deploying", with real processes on loopback ports: a Debian PostgreSQL primary with a
 * streaming standby in synchronous replication, its roles and database made by {@code deploy/postgres/create-roles.sql};
 * two instances of the packaged service on a multi-host JDBC URL ({@code targetServerType=primary}), migrating as the
 * owner and running as the role that owns nothing, with one key ring; Debian nginx in front of them with the site configuration of
 * {@code deploy/nginx}. 500 WebSocket clients follow a live conference through nginx while agenda changes and
 * check-ins go through nginx, in two phases (one set of processes, to keep the build short):
 *
 * <ol>
 *   <li><b>primary failover</b>: halfway, the primary is stopped at once (as a crash) and, once both instances report
 *       not ready, the standby is promoted. Requests in between must fail cleanly ({@code 503} with
 *       {@code Retry-After}); the instances and their notification listeners must reconnect by themselves;
 *   <li><b>instance loss</b>: 200 changes and 500 check-ins; halfway, one instance is killed ({@code SIGKILL}); its
 *       clients reconnect through nginx to the other and resume after the last seq they had.
 * </ol>
 *
 * After each phase every client must have every event exactly once and in order, and every acknowledged change and
 * check-in must be stored. The summary lines ({@code [proof] …}) go to stdout and {@code target/proof/}. Skipped
 * without the tools, except on CI ({@link ProofTools}).
 */
class DeploymentProofIT {

    static final int CLIENTS = Integer.getInteger("proof.clients", 500);
    static final int CHANGES = Integer.getInteger("proof.changes", 200);
    static final int CHECK_INS = Integer.getInteger("proof.checkins", 500);
    static final int FAILOVER_CHANGES = Integer.getInteger("proof.failover.changes", 100);
    static final int FAILOVER_CHECK_INS = Integer.getInteger("proof.failover.checkins", 200);

    private static final String DATABASE = "bridgepoint";

    private final Report report = new Report("proof");

    @Test
    void survivesAPrimaryFailoverAndTheLossOfAnInstance() throws Exception {
        ProofTools.require();
        try (DebianPostgres primary = DebianPostgres.primary(
                                "proof-primary",
                                List.of("max_connections = 200", "synchronous_standby_names = 'standby'"))
                        .start();
                DebianPostgres standby = DebianPostgres.standbyOf(
                                primary, "standby", List.of("synchronous_standby_names = ''"))
                        .start()) {
            await("the standby replicates synchronously")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> "sync".equals(syncState(primary)));
            // the two roles and the database as README tells an operator to make them (replicated to the standby)
            primary.psql(
                    Path.of("deploy/postgres/create-roles.sql"),
                    Map.of(
                            "owner", "bridgepoint",
                            "owner_password", "proof-owner",
                            "runtime", "bridgepoint_runtime",
                            "runtime_password", "proof-runtime",
                            "database", DATABASE));
            String url = "jdbc:postgresql://127.0.0.1:" + primary.port + ",127.0.0.1:" + standby.port + "/" + DATABASE
                    + "?targetServerType=primary";
            // the proof's clients share one token (and nginx's address): the caps on open streams are lifted for them
            Map<String, String> env = Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", url,
                    "QUARKUS_FLYWAY_USERNAME", "bridgepoint",
                    "QUARKUS_FLYWAY_PASSWORD", "proof-owner",
                    "QUARKUS_DATASOURCE_USERNAME", "bridgepoint_runtime",
                    "QUARKUS_DATASOURCE_PASSWORD", "proof-runtime",
                    "BRIDGEPOINT_TOKEN_KEYS", ServiceProcess.TOKEN_KEYS,
                    "BRIDGEPOINT_TRUSTED_PROXIES", "127.0.0.1",
                    "BRIDGEPOINT_LIVE_MAX_SOCKETS_PER_TOKEN", Integer.toString(2 * CLIENTS),
                    "BRIDGEPOINT_LIVE_MAX_SOCKETS_PER_ADDRESS", Integer.toString(2 * CLIENTS));
            try (ServiceProcess a = ServiceProcess.start("proof-a", env);
                    ServiceProcess b = ServiceProcess.start("proof-b", env)) {
                a.awaitReady();
                b.awaitReady();
                try (Nginx nginx =
                        Nginx.inFrontOf("proof", List.of(a.port(), b.port())).start()) {
                    report.line(
                            "PostgreSQL primary :%d with a synchronous standby :%d; instances A :%d and B :%d on %s;"
                                    + " nginx :%d",
                            primary.port, standby.port, a.port(), b.port(), url, nginx.port);
                    Proof proof = new Proof(nginx.baseUrl());
                    Proof.Conference c = proof.liveConference(5, FAILOVER_CHECK_INS + CHECK_INS);
                    try (ResumingClients clients = new ResumingClients(nginx.port, c.id(), c.token(), CLIENTS, 2)) {
                        clients.connectAll();
                        clients.awaitStarted(Duration.ofMinutes(2));
                        double onA = a.metric("bridgepoint_live_connections");
                        double onB = b.metric("bridgepoint_live_connections");
                        report.line("%d clients connected through nginx: %.0f on A, %.0f on B", CLIENTS, onA, onB);
                        assertTrue(onA > 0 && onB > 0, "nginx spreads the clients over both instances");

                        failover(proof, c, clients, primary, standby, List.of(a, b));
                        instanceLoss(proof, c, clients, standby, b);
                    }
                } finally {
                    report.save("deployment-proof");
                }
            }
        }
    }

    private void failover(
            Proof proof,
            Proof.Conference c,
            ResumingClients clients,
            DebianPostgres primary,
            DebianPostgres standby,
            List<ServiceProcess> instances)
            throws Exception {
        Proof.Load load =
                proof.new Load(c, "failover", FAILOVER_CHANGES, c.delegates().subList(0, FAILOVER_CHECK_INS));
        load.awaitHalfway();
        long stoppedAt = System.nanoTime();
        primary.stopImmediately();
        for (ServiceProcess instance : instances) {
            await("readiness down without a primary")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> instance.health("ready", Duration.ofSeconds(10)) == 503);
            assertEquals(200, instance.health("live", Duration.ofSeconds(10)), "liveness does not flap");
        }
        long notReady = System.nanoTime();
        standby.promote();
        long promotedAt = System.nanoTime();
        await("a write acknowledged by the new primary")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> proof.lastAcknowledged.get() > promotedAt);
        long firstWrite = System.nanoTime();
        for (ServiceProcess instance : instances) {
            await("ready again, listener connected")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> instance.health("ready", Duration.ofSeconds(10)) == 200
                            && instance.metric("bridgepoint_live_listener_connected") == 1);
        }
        long listenersBack = System.nanoTime();
        load.awaitDone();
        long finalSeq = proof.lastSeq(c);
        clients.awaitAllAt(finalSeq, Duration.ofMinutes(2));
        long caughtUp = System.nanoTime();

        double reconnects = 0;
        for (ServiceProcess instance : instances) {
            reconnects += instance.metric("bridgepoint_live_listener_reconnects_total");
        }
        Map<String, Long> refusals = refusals(proof);
        ResumingClients.Tally t = clients.tally();
        Set<String> lostChanges = lost(load.acknowledgedChanges, proof.storedTitles(c));
        Set<String> lostCheckIns = lost(load.acknowledgedCheckIns, storedCheckIns(standby, c.id()));
        report.line(
                "FAILOVER: primary stopped (immediate) after %d of %d changes; both instances not ready %.2f s later;"
                        + " standby promoted %.2f s after the stop",
                FAILOVER_CHANGES / 2,
                FAILOVER_CHANGES,
                Proof.seconds(notReady - stoppedAt),
                Proof.seconds(promotedAt - stoppedAt));
        report.line(
                "FAILOVER: after the promotion, first write acknowledged in %.2f s; both instances ready, listeners"
                        + " reconnected (%.0f reconnects) in %.2f s; every client caught up in %.1f s",
                Proof.seconds(firstWrite - promotedAt),
                reconnects,
                Proof.seconds(listenersBack - promotedAt),
                Proof.seconds(caughtUp - promotedAt));
        report.line("FAILOVER: requests refused during the switch (each retried until acknowledged): %s", refusals);
        summary("FAILOVER", t, finalSeq, load, lostChanges, lostCheckIns);

        assertEquals("", clients.problems(finalSeq), "every client has every event exactly once, in order");
        assertEquals(0, t.unexpected(), "no error message and no second snapshot");
        assertEquals(Set.of(), lostChanges, "acknowledged changes lost");
        assertEquals(Set.of(), lostCheckIns, "acknowledged check-ins lost");
        assertTrue(
                proof.refusals.stream().allMatch(Proof.Refusal::clean),
                "every refusal is a 503 with Retry-After: " + refusals);
        assertTrue(reconnects >= instances.size(), "every listener reconnected");
        for (ServiceProcess instance : instances) {
            assertLogsCarryTheRequest(instance, c.id());
        }
        proof.refusals.clear();
    }

    private void instanceLoss(
            Proof proof, Proof.Conference c, ResumingClients clients, DebianPostgres database, ServiceProcess b)
            throws Exception {
        ResumingClients.Tally before = clients.tally();
        Proof.Load load = proof
        .new Load(
                c, "instance-loss", CHANGES, c.delegates().subList(FAILOVER_CHECK_INS, FAILOVER_CHECK_INS + CHECK_INS));
        load.awaitHalfway();
        long killedAt = System.nanoTime();
        b.kill(); // SIGKILL: no shutdown hook, no 1001; its clients just lose their connection
        clients.awaitAllConnected(Duration.ofMinutes(1));
        long reconnected = System.nanoTime();
        load.awaitDone();
        long loadDone = System.nanoTime();
        long finalSeq = proof.lastSeq(c);
        clients.awaitAllAt(finalSeq, Duration.ofMinutes(2));
        long caughtUp = System.nanoTime();

        ResumingClients.Tally t = clients.tally();
        Set<String> lostChanges = lost(load.acknowledgedChanges, proof.storedTitles(c));
        Set<String> lostCheckIns = lost(load.acknowledgedCheckIns, storedCheckIns(database, c.id()));
        report.line(
                "INSTANCE LOSS: B killed (SIGKILL) after %d of %d changes; %d clients reconnected through nginx and"
                        + " resumed (%d refused attempts), all connected again %.2f s after the kill; load done in %.1f"
                        + " s; every client caught up in %.1f s",
                CHANGES / 2,
                CHANGES,
                t.reconnectedClients() - before.reconnectedClients(),
                t.refusedAttempts() - before.refusedAttempts(),
                Proof.seconds(reconnected - killedAt),
                Proof.seconds(loadDone - killedAt),
                Proof.seconds(caughtUp - killedAt));
        report.line("INSTANCE LOSS: requests refused (each retried until acknowledged): %s", refusals(proof));
        summary("INSTANCE LOSS", t, finalSeq, load, lostChanges, lostCheckIns);

        assertEquals("", clients.problems(finalSeq), "every client has every event exactly once, in order");
        assertEquals(0, t.unexpected(), "no error message and no second snapshot");
        assertEquals(Set.of(), lostChanges, "acknowledged changes lost");
        assertEquals(Set.of(), lostCheckIns, "acknowledged check-ins lost");
        assertTrue(t.reconnectedClients() > before.reconnectedClients(), "the killed instance's clients reconnected");
    }

    private void summary(
            String phase,
            ResumingClients.Tally t,
            long finalSeq,
            Proof.Load load,
            Set<String> lostChanges,
            Set<String> lostCheckIns) {
        report.line(
                "%s: clients %d, events up to seq %d, %d deliveries, lost %d, duplicated %d; changes acknowledged %d,"
                        + " lost %d; check-ins acknowledged %d, lost %d",
                phase,
                t.clients(),
                finalSeq,
                t.events(),
                t.gaps(),
                t.duplicates(),
                load.acknowledgedChanges.size(),
                lostChanges.size(),
                load.acknowledgedCheckIns.size(),
                lostCheckIns.size());
    }

    private static Map<String, Long> refusals(Proof proof) {
        return new TreeMap<>(proof.refusals.stream()
                .collect(Collectors.groupingBy(
                        r -> (r.status() < 0 ? "no answer" : Integer.toString(r.status()))
                                + (r.retryAfter() == null ? "" : " with Retry-After"),
                        Collectors.counting())));
    }

    private static Set<String> lost(Set<String> acknowledged, Set<String> stored) {
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        return lost;
    }

    /** The JSON log lines written while requests failed carry their request id and conference id. */
    private static void assertLogsCarryTheRequest(ServiceProcess instance, String conference) {
        boolean found = instance.output()
                .lines()
                .anyMatch(line -> line.startsWith("{")
                        && line.contains("\"message\":\"Database unavailable on /api/conferences/" + conference)
                        && line.contains("\"conferenceId\":\"" + conference + "\"")
                        && line.matches(".*\"requestId\":\"[0-9a-f]{32}\".*"));
        assertTrue(found, "a JSON log line of a refused request with its requestId and conferenceId");
    }

    private static Set<String> storedCheckIns(DebianPostgres database, String conference) throws Exception {
        Set<String> stored = new HashSet<>();
        try (Connection db = database.connect(DATABASE);
                PreparedStatement ps = db.prepareStatement(
                        "select delegate_id from checkin where conference_id = ?::uuid and current")) {
            ps.setString(1, conference);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        return stored;
    }

    private static String syncState(DebianPostgres primary) {
        try (Connection db = primary.connect();
                ResultSet rs = db.createStatement()
                        .executeQuery(
                                "select sync_state from pg_stat_replication where application_name = 'standby'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
