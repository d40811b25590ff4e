package bridgepoint.conference;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.freshDay;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Api.snapshot;
import static bridgepoint.support.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Participating sites (bridge points): roles, the one-HOST rule, the one-conference-at-a-time rule, removal. */
@QuarkusTest
class ParticipationTest {

    private static String sitePath(String conference, String site) {
        return "/api/conferences/" + conference + "/sites/" + site;
    }

    private static String sitesOf(String conference) {
        return "/api/conferences/" + conference + "/sites";
    }

    @Test
    void aStreamUrlIsShownToOrganizersAndThatSitesHostsOnly() {
        Setup s = Api.setup();
        String ingest = "rtmp://ingest.example.vn/live/danang?key=s3cr3t-" + unique();
        asOrganizer()
                .body(Map.of("role", "REMOTE", "streamUrl", ingest))
                .put(sitePath(s.conference(), s.remote()))
                .then()
                .statusCode(200)
                .body("streamUrl", equalTo(ingest));
        String remoteOf = "find { it.siteId == '" + s.remote() + "' }.streamUrl";

        asOrganizer().get(sitesOf(s.conference())).then().statusCode(200).body("items." + remoteOf, equalTo(ingest));
        Api.as(Api.siteHost(s.remote()))
                .get(sitesOf(s.conference()))
                .then()
                .statusCode(200)
                .body("items." + remoteOf, equalTo(ingest));
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.remote(), "Lê Thị Thu Hà").get("joinCode"));
        for (String token : List.of(Api.siteHost(s.host()), delegate)) {
            Api.as(token)
                    .get(sitesOf(s.conference()))
                    .then()
                    .statusCode(200)
                    .body("items.size()", equalTo(2))
                    .body("items." + remoteOf, nullValue())
                    .body(not(containsString("s3cr3t")));
        }
    }

    @Test
    void addingAnswers201AndChangingAnswers200() {
        String conference = Api.createConference(freshDay(), "08:00", "11:30");
        String site = Api.createSite();

        asOrganizer()
                .body(Map.of("role", "REMOTE"))
                .put(sitePath(conference, site))
                .then()
                .statusCode(201)
                .header("Location", endsWith(sitePath(conference, site)))
                .header("ETag", equalTo("\"0\""))
                .body("conferenceId", equalTo(conference))
                .body("siteId", equalTo(site))
                .body("role", equalTo("REMOTE"))
                .body("chairs", empty())
                .body("streamUrl", nullValue());

        List<Map<String, String>> chairs =
                List.of(Map.of("name", "Lê Văn Trung", "title", "Trưởng Ban Dân vận Thành ủy"));
        asOrganizer()
                .body(Map.of("role", "HOST", "chairs", chairs, "streamUrl", "srt://stream.example.vn:9000"))
                .put(sitePath(conference, site))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("role", equalTo("HOST"))
                .body("chairs", equalTo(chairs))
                .body("streamUrl", equalTo("srt://stream.example.vn:9000"));

        asOrganizer()
                .get(sitesOf(conference))
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].role", equalTo("HOST"))
                .body("items[0].chairs", equalTo(chairs));
    }

    @Test
    void aSecondHostIsRefused() {
        Setup s = Api.setup();
        String other = Api.createSite();
        Snapshot before = snapshot(sitesOf(s.conference()));

        problem(
                        asOrganizer()
                                .body(Map.of("role", "HOST"))
                                .put(sitePath(s.conference(), other))
                                .then(),
                        409,
                        "host-exists")
                .body("hostSiteId", equalTo(s.host()));
        problem(
                asOrganizer()
                        .body(Map.of("role", "HOST"))
                        .put(sitePath(s.conference(), s.remote()))
                        .then(),
                409,
                "host-exists");
        before.assertUnchanged();

        // the HOST itself may be PUT again as HOST
        asOrganizer()
                .body(Map.of("role", "HOST"))
                .put(sitePath(s.conference(), s.host()))
                .then()
                .statusCode(200);
    }

    @Test
    void aSiteCannotTakePartInTwoOverlappingConferences() {
        LocalDate day = freshDay();
        String site = Api.createSite();
        String title = "Hội nghị sơ kết " + unique();
        String first = Api.createConference(title, Api.at(day, "08:00"), Api.at(day, "11:30"));
        Api.addSite(first, site, "HOST");
        String second = Api.createConference(day, "11:00", "12:00");
        Snapshot before = snapshot(sitesOf(second), "/api/conferences/" + second, sitesOf(first));

        for (String role : List.of("HOST", "REMOTE")) {
            problem(
                            asOrganizer()
                                    .body(Map.of("role", role))
                                    .put(sitePath(second, site))
                                    .then(),
                            409,
                            "site-busy")
                    .body("conflictingConferenceId", equalTo(first))
                    .body("conflictingConferenceTitle", equalTo(title))
                    .body("detail", containsString(title));
        }
        // also when the other one is scheduled, or the new one lies inside it
        Api.advance(first, "publish");
        problem(
                        asOrganizer()
                                .body(Map.of("role", "REMOTE"))
                                .put(sitePath(second, site))
                                .then(),
                        409,
                        "site-busy")
                .body("conflictingConferenceId", equalTo(first));
        String inside = Api.createConference(day, "09:00", "09:30");
        problem(
                asOrganizer()
                        .body(Map.of("role", "REMOTE"))
                        .put(sitePath(inside, site))
                        .then(),
                409,
                "site-busy");
        before.assertUnchanged();
        asOrganizer().get(sitesOf(inside)).then().body("total", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancel", "publish, cancel", "publish, start, end"})
    void cancelledAndEndedConferencesFreeTheirSites(String actions) {
        LocalDate day = freshDay();
        String site = Api.createSite();
        String first = Api.createConference(day, "08:00", "11:30", site, "HOST");
        Api.advance(first, actions.split(", "));
        String second = Api.createConference(day, "10:00", "12:00");
        asOrganizer()
                .body(Map.of("role", "HOST"))
                .put(sitePath(second, site))
                .then()
                .statusCode(201);
    }

    @Test
    void backToBackConferencesMayShareASite() {
        LocalDate day = freshDay();
        String site = Api.createSite();
        Api.createConference(day, "08:00", "10:00", site, "HOST");
        Api.createConference(day, "10:00", "12:00", site, "HOST");
        Api.createConference(day, "06:00", "08:00", site, "REMOTE");
    }

    @Test
    void conferencesAreListedBySiteAndAHostNamesOnlyItsOwnSites() {
        LocalDate day = freshDay();
        String site = Api.createSite();
        String other = Api.createSite();
        String morning = Api.createConference(day, "08:00", "10:00", site, "HOST");
        String afternoon = Api.createConference(day, "14:00", "16:00", site, "REMOTE");
        Api.createConference(day, "08:00", "10:00", other, "HOST");
        Api.advance(afternoon, "cancel");

        asOrganizer()
                .queryParam("siteId", site)
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", contains(morning, afternoon));
        asOrganizer()
                .queryParam("siteId", site)
                .queryParam("status", "DRAFT")
                .get("/api/conferences")
                .then()
                .body("items.id", contains(morning));

        // a host of both sites narrows its list to one; a host of the other site may not ask for this one
        String hostOfBoth = Api.siteHost(site, other);
        Api.as(hostOfBoth)
                .queryParam("siteId", site)
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("items.id", contains(morning, afternoon));
        problem(
                Api.as(Api.siteHost(other))
                        .queryParam("siteId", site)
                        .get("/api/conferences")
                        .then(),
                403,
                "forbidden");
        invalid(
                asOrganizer()
                        .queryParam("siteId", "da-nang")
                        .get("/api/conferences")
                        .then(),
                "siteId");
        asOrganizer()
                .queryParam("siteId", UUID.randomUUID())
                .get("/api/conferences")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void unknownSitesAndConferencesAre404() {
        Setup s = Api.setup();
        Snapshot before = snapshot(sitesOf(s.conference()));
        String unknown = UUID.randomUUID().toString();
        problem(
                asOrganizer()
                        .body(Map.of("role", "REMOTE"))
                        .put(sitePath(s.conference(), unknown))
                        .then(),
                404,
                "not-found");
        problem(asOrganizer().delete(sitePath(s.conference(), unknown)).then(), 404, "not-found");
        // a site that exists but does not take part
        problem(asOrganizer().delete(sitePath(s.conference(), Api.createSite())).then(), 404, "not-found");
        before.assertUnchanged();

        problem(
                asOrganizer()
                        .body(Map.of("role", "REMOTE"))
                        .put(sitePath(unknown, s.remote()))
                        .then(),
                404,
                "not-found");
        problem(asOrganizer().get(sitesOf(unknown)).then(), 404, "not-found");
    }

    @Test
    void aSiteWithDelegatesCannotBeRemoved() {
        Setup s = Api.setup();
        String delegate = (String)
                Api.createDelegate(s.conference(), s.remote(), "Phạm Đức Thắng").get("id");
        Snapshot before = snapshot(sitesOf(s.conference()));
        problem(asOrganizer().delete(sitePath(s.conference(), s.remote())).then(), 409, "site-has-delegates");
        before.assertUnchanged();

        asOrganizer().delete(s.path() + "/delegates/" + delegate).then().statusCode(204);
        asOrganizer().delete(sitePath(s.conference(), s.remote())).then().statusCode(204);
        asOrganizer().get(sitesOf(s.conference())).then().body("items.siteId", contains(s.host()));
    }

    @Test
    void aSiteThatGivesAnAgendaItemCannotBeRemoved() {
        Setup s = Api.setup();
        Api.addItem(s.conference(), Api.itemBody("Tham luận", s.remote(), s.at("09:00"), 20));
        Snapshot before = snapshot(sitesOf(s.conference()));
        problem(asOrganizer().delete(sitePath(s.conference(), s.remote())).then(), 409, "site-in-agenda");
        before.assertUnchanged();
    }

    @Test
    void theHostOfAScheduledConferenceStays() {
        Setup s = Api.setup();
        Api.advance(s.conference(), "publish");
        Snapshot before = snapshot(sitesOf(s.conference()), s.path());
        problem(asOrganizer().delete(sitePath(s.conference(), s.host())).then(), 409, "host-site-required");
        problem(
                asOrganizer()
                        .body(Map.of("role", "REMOTE"))
                        .put(sitePath(s.conference(), s.host()))
                        .then(),
                409,
                "host-site-required");
        before.assertUnchanged();

        // a REMOTE site of a scheduled conference may go
        asOrganizer().delete(sitePath(s.conference(), s.remote())).then().statusCode(204);
    }

    @Test
    void theHostOfADraftMayBeRemoved() {
        Setup s = Api.setup();
        asOrganizer().delete(sitePath(s.conference(), s.host())).then().statusCode(204);
        asOrganizer().get(sitesOf(s.conference())).then().body("items.siteId", contains(s.remote()));
    }

    @Test
    void removalHonoursIfMatch() {
        Setup s = Api.setup();
        Snapshot before = snapshot(sitesOf(s.conference()));
        problem(
                asOrganizer()
                        .header("If-Match", "\"3\"")
                        .delete(sitePath(s.conference(), s.remote()))
                        .then(),
                412,
                "precondition-failed");
        problem(
                asOrganizer()
                        .header("If-Match", "\"3\"")
                        .body(Map.of("role", "REMOTE"))
                        .put(sitePath(s.conference(), s.remote()))
                        .then(),
                412,
                "precondition-failed");
        before.assertUnchanged();
        asOrganizer()
                .header("If-Match", "\"0\"")
                .delete(sitePath(s.conference(), s.remote()))
                .then()
                .statusCode(204);
    }

    @Test
    void theHostIsListedFirst() {
        String conference = Api.createConference(freshDay(), "08:00", "11:30");
        String first = Api.createSite();
        String second = Api.createSite();
        String host = Api.createSite();
        Api.addSite(conference, first, "REMOTE");
        Api.addSite(conference, second, "REMOTE");
        Api.addSite(conference, host, "HOST");
        asOrganizer()
                .get(sitesOf(conference))
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.siteId", contains(host, first, second))
                .body("items.role", contains("HOST", "REMOTE", "REMOTE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://stream.example.vn/a", "https://", "javascript:alert(1)", "https://a b"})
    void streamUrlMustBeAStreamUrl(String url) {
        Setup s = Api.setup();
        String site = Api.createSite();
        Snapshot before = snapshot(sitesOf(s.conference()));
        invalid(
                asOrganizer()
                        .body(Map.of("role", "REMOTE", "streamUrl", url))
                        .put(sitePath(s.conference(), site))
                        .then(),
                "streamUrl");
        invalid(
                asOrganizer()
                        .body(Map.of("role", "REMOTE", "streamUrl", url))
                        .put(sitePath(s.conference(), s.remote()))
                        .then(),
                "streamUrl");
        before.assertUnchanged();
    }

    @Test
    void roleAndChairsAreValidated() {
        Setup s = Api.setup();
        String site = Api.createSite();
        Snapshot before = snapshot(sitesOf(s.conference()));
        invalid(asOrganizer().body(Map.of()).put(sitePath(s.conference(), site)).then(), "role");
        for (Object role : List.of("GUEST", "host", 0, "1")) {
            invalid(
                    asOrganizer()
                            .body(Map.of("role", role))
                            .put(sitePath(s.conference(), site))
                            .then(),
                    "role");
        }
        invalid(
                asOrganizer()
                        .body(Map.of("role", "REMOTE", "chairs", List.of(Map.of("title", "Không tên"))))
                        .put(sitePath(s.conference(), site))
                        .then(),
                "chairs[0].name");
        before.assertUnchanged();
    }
}
