import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run of the JDK's AOT cache (README, Deploying): drives a running Bridgepoint through what a conference
 * day does, so that the JVM recording the cache ({@code -XX:AOTCacheOutput}) sees the classes and the hot methods of
 * start-up, of the organizers' and hosts' requests, of the web pages and of the live stream (WebSocket upgrades,
 * snapshots, fan-out, mass reconnects with {@code after=}). Only the JDK: it runs as a source file
 * ({@code java TrainingRun.java <base URL>}) or compiled, in the image build and in the start-up benchmark.
 *
 * <p>Arguments: the base URL, then optionally the number of WebSocket clients (default 400) and of rounds of live
 * changes (default 40). The organizer's credentials come from {@code BRIDGEPOINT_ADMIN_USERNAME} (default
 * {@code admin}) and {@code BRIDGEPOINT_ADMIN_PASSWORD} (default {@code admin}). It fails (exit 1) on any answer
 * it does not expect: a training run that silently trains nothing would go unnoticed.
 */
public final class TrainingRun {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern JOIN_CODE = Pattern.compile("\"joinCode\":\"([^\"]+)\"");
    private static final Pattern DELEGATE_ID = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+\\.(?:js|css|json|svg|webmanifest))\"");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private final String base;
    /** Health and metrics: Quarkus's management interface, a port of its own. */
    private final String management;
    private String token;

    private TrainingRun(String base, String management) {
        this.base = withoutSlash(base);
        this.management = withoutSlash(management);
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println(
                    "usage: java TrainingRun.java <base URL> <management URL> [WebSocket clients] [rounds]");
            System.exit(2);
        }
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        long t0 = System.nanoTime();
        try {
            new TrainingRun(args[0], args[1]).run(clients, rounds);
        } catch (Exception | AssertionError e) {
            System.err.println("training run failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.out.printf("training run done in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
        System.exit(0);
    }

    private void run(int clients, int rounds) throws Exception {
        awaitReady();
        token = field(expect(200, "POST", "/api/auth/token", "{\"username\":\"" + env("BRIDGEPOINT_ADMIN_USERNAME")
                + "\",\"password\":\"" + json(env("BRIDGEPOINT_ADMIN_PASSWORD")) + "\"}"), "accessToken");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String host = id(expect(201, "POST", "/api/sites", "{\"name\":\"Hội trường trung tâm " + suffix
                + "\",\"city\":\"Hà Nội\",\"timeZone\":\"Asia/Ho_Chi_Minh\",\"capacity\":500}"));
        String remote = id(expect(201, "POST", "/api/sites", "{\"name\":\"Điểm cầu Đà Nẵng " + suffix
                + "\",\"city\":\"Đà Nẵng\",\"timeZone\":\"Asia/Ho_Chi_Minh\",\"capacity\":200}"));
        expect(200, "GET", "/api/sites?q=da+nang", null);
        OffsetDateTime day = OffsetDateTime.now(ZoneOffset.ofHours(7)).plusYears(3).withNano(0);
        String c = "/api/conferences/" + id(expect(201, "POST", "/api/conferences", "{\"title\":\"Hội nghị tổng kết "
                + suffix + "\",\"description\":\"Quán triệt Chỉ thị 33/CT-TTg\",\"startsAt\":\"" + day
                + "\",\"endsAt\":\"" + day.plusHours(8) + "\",\"timeZone\":\"Asia/Ho_Chi_Minh\",\"chair\":"
                + "{\"name\":\"Nguyễn Văn A\",\"title\":\"Thứ trưởng\"}}"));
        expect(201, "PUT", c + "/sites/" + host, "{\"role\":\"HOST\",\"chairs\":[{\"name\":\"Trần Văn B\"}]}");
        expect(201, "PUT", c + "/sites/" + remote, "{\"role\":\"REMOTE\"}");
        List<String> items = new ArrayList<>();
        String[] kinds = {"OPENING", "REPORT", "DOCUMENT_BRIEFING", "PRESENTATION", "PRESENTATION", "AWARDS", "CLOSING"};
        for (int i = 0; i < kinds.length; i++) {
            items.add(id(expect(201, "POST", c + "/agenda", "{\"kind\":\"" + kinds[i] + "\",\"title\":\"Mục " + (i + 1)
                    + "\",\"siteId\":\"" + (i % 2 == 0 ? host : remote) + "\",\"plannedMinutes\":20,"
                    + "\"speaker\":{\"name\":\"Lê Văn C\",\"title\":\"Vụ trưởng\"},\"documents\":[{\"code\":\"23-QĐ/TW\","
                    + "\"title\":\"Quyết định 23\",\"issuer\":\"Ban Chấp hành Trung ương\",\"issuedOn\":\"2021-12-22\"}]}")));
        }
        expect(200, "PUT", c + "/agenda/order", "{\"itemIds\":[\"" + String.join("\",\"", items) + "\"]}");
        expect(200, "PATCH", c + "/agenda/" + items.get(3), "{\"plannedMinutes\":25}");
        expect(201, "POST", c + "/delegates", "{\"fullName\":\"Trần Quốc Tỏ\",\"title\":\"Đại biểu\",\"siteId\":\""
                + host + "\"}");
        importDelegates(c, Math.max(clients, 50), host, remote);
        List<String> codes = new ArrayList<>();
        List<String> delegateIds = new ArrayList<>();
        for (int page = 0; codes.size() < clients; page++) {
            String body = expect(200, "GET", c + "/delegates?size=200&page=" + page, null);
            List<String> more = all(JOIN_CODE, body);
            if (more.isEmpty()) {
                break;
            }
            codes.addAll(more);
            delegateIds.addAll(all(DELEGATE_ID, body));
        }
        expect(200, "GET", c + "/delegates?q=tran+quoc+to", null);
        expect(200, "POST", c + "/publish", null);
        expect(200, "POST", c + "/start", null);
        List<String> delegateTokens = join(codes.subList(0, Math.min(clients, codes.size())));

        List<Client> sockets = connect(c, delegateTokens, 0);
        for (int r = 0; r < rounds; r++) {
            // Every round adds an item of its own: an item starts only once.
            String item = r < items.size() ? items.get(r) : id(expect(201, "POST", c + "/agenda", "{\"kind\":"
                    + "\"PRESENTATION\",\"title\":\"Tham luận " + r + "\",\"siteId\":\"" + remote
                    + "\",\"plannedMinutes\":10}"));
            if (r % 7 == 6) {
                expect(200, "POST", c + "/agenda/" + item + "/skip", null);
                continue;
            }
            expect(200, "POST", c + "/agenda/" + item + "/start", null);
            expect(200, "POST", c + "/announcements", "{\"text\":\"Thông báo số " + r + "\"}");
            if (r % 3 == 0) {
                expect(200, "POST", c + "/agenda/" + item + "/delay", "{\"minutes\":5}");
                expect(200, "POST", c + "/live/handover", "{\"siteId\":\"" + (r % 2 == 0 ? remote : host) + "\"}");
            }
            String delegate = delegateIds.get(r % delegateIds.size());
            checkIn(token, "POST", c + "/checkins", "{\"delegateId\":\"" + delegate + "\"}");
            checkIn(delegateTokens.get(r % delegateTokens.size()), "POST", c + "/checkins/me", null);
            expect(200, "PUT", c + "/sites/" + remote + "/attendance", "{\"present\":" + (40 + r) + "}");
            expect(200, "POST", c + "/agenda/" + item + "/finish", null);
            expect(200, "GET", c + "/live", null);
            expect(200, "GET", c + "/attendance", null);
        }
        expect(200, "POST", c + "/checkins/batch", "[{\"nonce\":\"tablet-1:" + suffix + "\",\"delegateId\":\""
                + delegateIds.get(delegateIds.size() - 1) + "\",\"siteId\":\"" + remote + "\",\"at\":\""
                + OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(1).withNano(0) + "\"}]");
        long last = seq(expect(200, "GET", c + "/live", null));
        awaitAll(sockets, last);
        // The mass reconnect of a failover: every client back with the last seq it saw.
        for (Client s : sockets) {
            s.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
        expect(200, "POST", c + "/announcements", "{\"text\":\"Sau khi kết nối lại\",\"siteId\":\"" + remote + "\"}");
        List<Client> again = connect(c, delegateTokens, last);
        awaitAll(again, last + 1);
        for (Client s : again) {
            s.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }

        expect(201, "POST", c + "/awards", "{\"recipientType\":\"COLLECTIVE\",\"name\":\"Công an thành phố Đà Nẵng\","
                + "\"award\":\"Bằng khen\",\"siteId\":\"" + remote + "\"}");
        for (String export : List.of("/agenda.ics", "/schedule.json", "/schedule.xml", "/attendance.csv",
                "/report.html", "/report.pdf", "/audit", "/events?after=0", "/awards")) {
            expect(200, "GET", c + export, null);
        }
        expect(200, "GET", "/api/conferences?q=tong+ket", null);
        expect(200, "GET", "/api/users", null);
        expect(400, "POST", "/api/conferences", "{\"title\":\"\"}");
        expect(404, "GET", "/api/conferences/" + UUID.randomUUID(), null);
        expect(200, "POST", c + "/end", null);
        for (String page : List.of("/", "/host", "/console")) {
            String html = expect(200, "GET", page, null);
            for (String asset : all(ASSET, html)) {
                expect(200, "GET", asset, null);
            }
        }
        expect(200, "GET", "/q/openapi", null);
        for (String q : List.of("/q/health", "/q/metrics")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(management + q)).build(), HttpResponse.BodyHandlers.ofString());
            check(200, r, "GET " + management + q);
        }
        System.out.printf(
                "conference %s: %d events to %d WebSocket clients, twice (a mass reconnect between)%n",
                c.substring(c.lastIndexOf('/') + 1), last + 1, sockets.size());
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(URI.create(management + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(base + " did not become ready");
            }
            Thread.sleep(100);
        }
    }

    /** {@code n} delegates imported as a CSV file, shared between the two sites (by id). */
    private void importDelegates(String c, int n, String host, String remote) throws Exception {
        StringBuilder csv = new StringBuilder("fullName,title,organization,email,phone,site\n");
        for (int i = 0; i < n; i++) {
            csv.append("Đại biểu số ").append(i + 1).append(",Chuyên viên,Sở Tư pháp,,,")
                    .append(i % 2 == 0 ? host : remote)
                    .append('\n');
        }
        HttpResponse<String> job = send("POST", c + "/delegates/import", csv.toString(), "text/csv; charset=UTF-8");
        check(202, job, "POST " + c + "/delegates/import");
        String status = "/api/imports/" + field(job.body(), "jobId");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!"DONE".equals(field(expect(200, "GET", status, null), "status"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the delegate import did not finish");
            }
            Thread.sleep(100);
        }
    }

    private List<String> join(List<String> codes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<String>> joins = new ArrayList<>();
            for (String code : codes) {
                joins.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        HttpResponse<String> r = send("POST", "/api/join", "{\"code\":\"" + code + "\"}", null, null);
                        check(200, r, "POST /api/join");
                        return field(r.body(), "accessToken");
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<String> tokens = new ArrayList<>();
            for (CompletableFuture<String> j : joins) {
                tokens.add(j.get(2, TimeUnit.MINUTES));
            }
            return tokens;
        } finally {
            pool.shutdown();
        }
    }

    /** One WebSocket client of a delegate: the highest seq it has seen. */
    private record Client(WebSocket socket, Listener listener) {}

    private List<Client> connect(String c, List<String> tokens, long after) throws Exception {
        List<CompletableFuture<Client>> opening = new ArrayList<>();
        for (String t : tokens) {
            Listener listener = new Listener(after);
            String uri = base.replaceFirst("^http", "ws") + c.replace("/api/conferences/", "/ws/conferences/")
                    + (after > 0 ? "?after=" + after : "");
            // the token as the pages send it: a second subprotocol, never in the URL
            opening.add(http.newWebSocketBuilder()
                    .subprotocols("bridgepoint", "bridgepoint.bearer." + t)
                    .buildAsync(URI.create(uri), listener)
                    .thenApply(ws -> new Client(ws, listener)));
        }
        List<Client> clients = new ArrayList<>();
        for (CompletableFuture<Client> o : opening) {
            clients.add(o.get(2, TimeUnit.MINUTES));
        }
        return clients;
    }

    /** Waits until every client has seen {@code seq}, at most two minutes. */
    private static void awaitAll(List<Client> clients, long seq) throws Exception {
        CompletableFuture<?>[] reached =
                clients.stream().map(c -> c.listener.reached(seq)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(reached).get(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            throw new AssertionError("not every client reached seq " + seq + " within two minutes");
        }
    }

    /** Keeps the highest seq of each whole message, and completes what waits for a seq once it is reached. */
    private static final class Listener implements WebSocket.Listener {
        private final AtomicLong seq;
        private final StringBuilder message = new StringBuilder();
        private final List<Map.Entry<Long, CompletableFuture<Void>>> waiting = new ArrayList<>();

        Listener(long after) {
            this.seq = new AtomicLong(after);
        }

        synchronized CompletableFuture<Void> reached(long wanted) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            if (seq.get() >= wanted) {
                f.complete(null);
            } else {
                waiting.add(Map.entry(wanted, f));
            }
            return f;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                Matcher m = SEQ.matcher(message);
                if (m.find()) {
                    long now = seq.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
                    synchronized (this) {
                        waiting.removeIf(w -> w.getKey() <= now && w.getValue().complete(null));
                    }
                }
                message.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    /** A check-in: 201 the first time, 200 again. */
    private void checkIn(String bearer, String method, String path, String json) throws Exception {
        HttpResponse<String> r = send(method, path, json, null, bearer);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new AssertionError(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    private String expect(int status, String method, String path, String json) throws Exception {
        HttpResponse<String> r = send(method, path, json, json == null ? null : "application/json");
        check(status, r, method + " " + path);
        return r.body();
    }

    private static void check(int status, HttpResponse<String> r, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + ": " + r.statusCode() + " instead of " + status + ": " + r.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String type)
            throws IOException, InterruptedException {
        return send(method, path, body, type, token);
    }

    private HttpResponse<String> send(String method, String path, String body, String type, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (type != null) {
            b.header("Content-Type", type);
        } else if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String id(String json) {
        return field(json, "id");
    }

    private static long seq(String json) {
        Matcher m = SEQ.matcher(json);
        if (!m.find()) {
            throw new AssertionError("no seq in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? "admin" : v;
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
