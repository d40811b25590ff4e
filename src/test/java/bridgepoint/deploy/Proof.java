package bridgepoint.deploy;

import bridgepoint.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * What the deployment proofs share: a live conference with its delegates, made through the load balancer as an
 * organizer would; requests that a client repeats until they are acknowledged, noting every refusal on the way; and
 * the summary they print and keep in {@code target/proof/}.
 */
final class Proof {

    /** A live conference: its id, agenda items, delegates, and the organizer's token. */
    record Conference(String id, String token, List<String> items, List<String> delegates) {}

    /** A request that was not acknowledged: its status (-1: no answer) and its Retry-After. */
    record Refusal(long atNanos, int status, String retryAfter, String path) {

        /** A 503 with Retry-After: the service said "not now", cleanly. */
        boolean clean() {
            return status == 503 && retryAfter != null;
        }
    }

    /** The longest pause before a refused request is sent again (shorter than the Retry-After, to keep the test short). */
    static final Duration PAUSE = Duration.ofMillis(200);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final ConcurrentLinkedQueue<Refusal> refusals = new ConcurrentLinkedQueue<>();
    /** When the last request was acknowledged (nanos). */
    final AtomicLong lastAcknowledged = new AtomicLong();

    Proof(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    RequestSpecification on(String token) {
        RequestSpecification spec = RestAssured.given().baseUri(baseUrl).contentType(ContentType.JSON);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    /** A live conference with two sites, {@code items} agenda items and {@code delegates} delegates (CSV import). */
    Conference liveConference(int items, int delegates) {
        String token = on(null).body(Map.of("username", "admin", "password", ServiceProcess.ADMIN_PASSWORD))
                .post("/api/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        String unique = Long.toString(System.nanoTime(), 36);
        String host = site(token, "Hội trường trung tâm " + unique);
        String remote = site(token, "Điểm cầu Đà Nẵng " + unique);
        String id = on(token)
                .body(Map.of(
                        "title", "Hội nghị trực tuyến " + unique,
                        "startsAt", "2031-06-01T08:00:00+07:00",
                        "endsAt", "2031-06-01T11:30:00+07:00"))
                .post("/api/conferences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        on(token)
                .body(Map.of("role", "HOST"))
                .put("/api/conferences/" + id + "/sites/" + host)
                .then()
                .statusCode(201);
        on(token)
                .body(Map.of("role", "REMOTE"))
                .put("/api/conferences/" + id + "/sites/" + remote)
                .then()
                .statusCode(201);
        List<String> itemIds = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            itemIds.add(on(token)
                    .body(Map.of("kind", "PRESENTATION", "title", "Tham luận " + i, "plannedMinutes", 10))
                    .post("/api/conferences/" + id + "/agenda")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        StringBuilder csv = new StringBuilder("fullName,title,organization,email,phone,site\n");
        for (int i = 0; i < delegates; i++) {
            csv.append("Đại biểu ")
                    .append(i)
                    .append(",,,,,")
                    .append(i % 2 == 0 ? host : remote)
                    .append('\n');
        }
        String job = on(token)
                .contentType("text/csv; charset=UTF-8")
                .body(csv.toString())
                .post("/api/conferences/" + id + "/delegates/import")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        await("the import")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "DONE"
                        .equals(on(token)
                                .get("/api/imports/" + job)
                                .then()
                                .extract()
                                .path("status")));
        List<String> delegateIds = on(token)
                .queryParam("size", 500)
                .get("/api/conferences/" + id + "/delegates")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
        for (int page = 1; delegateIds.size() < delegates; page++) {
            delegateIds = new ArrayList<>(delegateIds);
            delegateIds.addAll(on(token)
                    .queryParam("size", 500)
                    .queryParam("page", page)
                    .get("/api/conferences/" + id + "/delegates")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items.id"));
        }
        on(token).post("/api/conferences/" + id + "/publish").then().statusCode(200);
        on(token).post("/api/conferences/" + id + "/start").then().statusCode(200);
        return new Conference(id, token, itemIds, delegateIds);
    }

    private String site(String token, String name) {
        return on(token)
                .body(Map.of("name", name))
                .post("/api/sites")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * Sends a request until it is acknowledged (one of {@code acknowledged}), as a client does: after a refusal it
     * sends it again after the Retry-After (at most {@link #PAUSE}). Every refusal is noted. Fails after two minutes
     * without an acknowledgement.
     */
    int untilAcknowledged(String method, String path, String token, String json, Predicate<Integer> acknowledged) {
        AtomicInteger status = new AtomicInteger();
        AtomicReference<String> retryAfter = new AtomicReference<>();
        try {
            await().pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval((count, previous) -> pause(retryAfter.get()))
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> {
                        retryAfter.set(null);
                        status.set(send(method, path, token, json, retryAfter));
                        if (acknowledged.test(status.get())) {
                            lastAcknowledged.set(System.nanoTime());
                            return true;
                        }
                        refusals.add(new Refusal(System.nanoTime(), status.get(), retryAfter.get(), path));
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(method + " " + path + " was never acknowledged; last status " + status.get());
        }
        return status.get();
    }

    /** A client's pause before it sends a refused request again: the Retry-After, at most {@link #PAUSE}. */
    private static Duration pause(String retryAfter) {
        if (retryAfter == null) {
            return PAUSE;
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter));
        return asked.compareTo(PAUSE) < 0 ? asked : PAUSE;
    }

    /** One attempt: the answer's status (-1 when none came), its Retry-After put in {@code retryAfter}. */
    private int send(String method, String path, String token, String json, AtomicReference<String> retryAfter)
            throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + path))
                            .method(method, HttpRequest.BodyPublishers.ofString(json))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            retryAfter.set(r.headers().firstValue("Retry-After").orElse(null));
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The load of a phase, through the load balancer: one organizer making agenda changes (each a new title for an
     * item, so that each can be found in the stored stream), two check-in desks. Half of the check-ins wait until
     * half of the changes are acknowledged, so that both straddle whatever happens then ({@link #awaitHalfway}).
     */
    final class Load {
        final Set<String> acknowledgedChanges = ConcurrentHashMap.newKeySet();
        final Set<String> acknowledgedCheckIns = ConcurrentHashMap.newKeySet();
        private final CountDownLatch halfway = new CountDownLatch(1);
        private final ExecutorService workers = Executors.newFixedThreadPool(3);
        private final List<CompletableFuture<Void>> work = new ArrayList<>();

        Load(Conference c, String phase, int changes, List<String> delegates) {
            AtomicInteger next = new AtomicInteger();
            work.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = 0; i < changes; i++) {
                            String title = "Tham luận, " + phase + " " + i;
                            untilAcknowledged(
                                    "PATCH",
                                    "/api/conferences/" + c.id() + "/agenda/"
                                            + c.items().get(i % c.items().size()),
                                    c.token(),
                                    "{\"title\":\"" + title + "\"}",
                                    s -> s == 200);
                            acknowledgedChanges.add(title);
                            if (i + 1 == changes / 2) {
                                halfway.countDown();
                            }
                        }
                    },
                    workers));
            for (int desk = 0; desk < 2; desk++) {
                work.add(CompletableFuture.runAsync(
                        () -> {
                            int i;
                            while ((i = next.getAndIncrement()) < delegates.size()) {
                                if (i == delegates.size() / 2) {
                                    awaitHalfway();
                                }
                                String delegate = delegates.get(i);
                                untilAcknowledged(
                                        "POST",
                                        "/api/conferences/" + c.id() + "/checkins",
                                        c.token(),
                                        "{\"delegateId\":\"" + delegate + "\"}",
                                        s -> s == 200 || s == 201);
                                acknowledgedCheckIns.add(delegate);
                            }
                        },
                        workers));
            }
        }

        void awaitHalfway() {
            try {
                if (!halfway.await(5, TimeUnit.MINUTES)) {
                    throw new AssertionError("half of the changes were not made in 5 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void awaitDone() throws Exception {
            try {
                CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            } finally {
                workers.shutdownNow();
            }
        }
    }

    /** The agenda item titles that the stored stream's events carry (to find every acknowledged change). */
    Set<String> storedTitles(Conference c) {
        Set<String> titles = ConcurrentHashMap.newKeySet();
        long after = 0;
        while (true) {
            List<Map<String, Object>> page = on(c.token())
                    .queryParam("after", after)
                    .queryParam("size", 1000)
                    .get("/api/conferences/" + c.id() + "/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items");
            if (page.isEmpty()) {
                return titles;
            }
            for (Map<String, Object> event : page) {
                after = ((Number) event.get("seq")).longValue();
                Object data = event.get("data");
                if (data instanceof Map<?, ?> d && d.get("item") instanceof Map<?, ?> item) {
                    titles.add(String.valueOf(item.get("title")));
                }
            }
        }
    }

    long lastSeq(Conference c) {
        return ((Number) on(c.token())
                        .get("/api/conferences/" + c.id() + "/live")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("seq"))
                .longValue();
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
