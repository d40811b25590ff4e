package bridgepoint.bench;

import bridgepoint.support.ServiceProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static bridgepoint.bench.Bench.awaitDone;
import static bridgepoint.bench.Bench.delegates;
import static bridgepoint.bench.Bench.importDelegates;
import static bridgepoint.support.ServiceProcess.on;

/**
 * The conference the live benchmarks stream: created through the API as an organizer would, with delegates of their
 * own (imported, each joined with its code), published and started.
 */
record LiveConference(
        String id, List<String> items, List<String> delegateTokens, String remoteSite, AtomicInteger started) {

    long lastSeq(ServiceProcess s, String token) {
        return on(s, token)
                .get("/api/conferences/" + id + "/live")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("seq");
    }

    /** A LIVE conference with a host and a remote site, 10 agenda items (the first started), {@code delegates} tokens. */
    static LiveConference create(ServiceProcess s, String token, int delegates) throws Exception {
        String host = on(s, token)
                .body(Map.of("name", "Hội trường trung tâm"))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String remote = on(s, token)
                .body(Map.of("name", "Điểm cầu Đà Nẵng"))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String id = on(s, token)
                .body(Map.of(
                        "title",
                        "Hội nghị đo tải",
                        "startsAt",
                        "2031-01-05T08:00:00+07:00",
                        "endsAt",
                        "2031-01-05T17:00:00+07:00"))
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        on(s, token)
                .body(Map.of("role", "HOST"))
                .put("/api/conferences/" + id + "/sites/" + host)
                .then()
                .statusCode(201);
        on(s, token)
                .body(Map.of("role", "REMOTE"))
                .put("/api/conferences/" + id + "/sites/" + remote)
                .then()
                .statusCode(201);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(on(s, token)
                    .body(Map.of(
                            "kind",
                            "PRESENTATION",
                            "title",
                            "Tham luận " + (i + 1),
                            "siteId",
                            i % 2 == 0 ? host : remote,
                            "plannedMinutes",
                            20))
                    .post("/api/conferences/" + id + "/agenda")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        List<String> tokens = delegateTokens(s, token, id, delegates);
        on(s, token).post("/api/conferences/" + id + "/publish").then().statusCode(200);
        on(s, token).post("/api/conferences/" + id + "/start").then().statusCode(200);
        on(s, token)
                .post("/api/conferences/" + id + "/agenda/" + items.get(0) + "/start")
                .then()
                .statusCode(200);
        return new LiveConference(id, items, tokens, remote, new AtomicInteger(1));
    }

    /** {@code n} delegates of their own, as in a real conference: imported, then each joined with its code. */
    private static List<String> delegateTokens(ServiceProcess s, String token, String conference, int n)
            throws Exception {
        StringBuilder csv = new StringBuilder("fullName,site\n");
        for (int i = 0; i < n; i++) {
            csv.append("Đại biểu số ").append(i + 1).append(",Điểm cầu Đà Nẵng\n");
        }
        String job = importDelegates(s, token, conference, csv.toString());
        awaitDone(s, token, List.of(job), Duration.ofMillis(100), Duration.ofMinutes(2));
        List<String> codes = delegates(s, token, conference, "joinCode", n);
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        List<CompletableFuture<Void>> joiners = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            joiners.add(CompletableFuture.runAsync(() -> {
                long i;
                while ((i = next.getAndIncrement()) < codes.size()) {
                    tokens.add(on(s, null)
                            .body(Map.of("code", codes.get((int) i)))
                            .post("/api/join")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("accessToken"));
                }
            }));
        }
        CompletableFuture.allOf(joiners.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        return List.copyOf(tokens);
    }
}
