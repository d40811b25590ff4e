package bridgepoint.common;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Text that PostgreSQL cannot store (U+0000) or that has no place in names and exports (other control characters,
 * lone surrogates) is refused with a 400 naming the field, wherever it comes in; nothing is changed.
 */
@QuarkusTest
class UnstorableTextTest {

    @Test
    void aNulInAConferenceTitleIsA400NamingTheFieldAndCreatesNothing() {
        String title = "Hội nghị " + Api.unique();
        LocalDate day = Api.freshDay();
        Map<String, Object> body = Api.conferenceBody(title + "\u0000", Api.at(day, "08:00"), Api.at(day, "11:00"));
        Api.Snapshot before = Api.snapshot("/api/conferences?q=" + title);
        invalid(asOrganizer().body(body).post("/api/conferences").then(), "title")
                .body("errors[0].message", containsString("U+0000"));
        before.assertUnchanged();
    }

    @Test
    void controlCharactersAreRefusedInNestedFieldsListsAndPatches() {
        Setup s = Api.setup();
        invalid(
                asOrganizer()
                        .body(Map.of(
                                "role",
                                "REMOTE",
                                "chairs",
                                List.of(Map.of("name", "Lê Văn Trung"), Map.of("name", "Trần\u0007Mưu"))))
                        .put(s.path() + "/sites/{site}", s.remote())
                        .then(),
                "chairs[1].name");
        invalid(
                asOrganizer()
                        .body(Map.of(
                                "kind",
                                "DOCUMENT_BRIEFING",
                                "title",
                                "Quán triệt",
                                "plannedMinutes",
                                10,
                                "documents",
                                List.of(Map.of("code", "23-QĐ/TW\u001b", "title", "Quy định"))))
                        .post(s.path() + "/agenda")
                        .then(),
                "documents[0].code");
        Api.Snapshot conference = Api.snapshot(s.path());
        invalid(
                asOrganizer()
                        .contentType("application/merge-patch+json")
                        .body("{\"description\":\"a\\u0000b\"}")
                        .patch(s.path())
                        .then(),
                "description");
        invalid(
                asOrganizer()
                        .body("{\"fullName\":\"\\ud800x\",\"siteId\":\"" + s.host() + "\"}")
                        .post(s.path() + "/delegates")
                        .then(),
                "fullName");
        conference.assertUnchanged();
    }

    @Test
    void tabsLineBreaksCombiningAndZeroWidthCharactersAreText() {
        String nfd = "Đa\u0300 Na\u0306\u0303ng"; // decomposed Vietnamese
        LocalDate day = Api.freshDay();
        Map<String, Object> body = Api.conferenceBody(
                "Hội nghị\t" + nfd + "\u200b " + Api.unique(), Api.at(day, "08:00"), Api.at(day, "11:00"));
        body.put("description", "dòng một\r\ndòng hai");
        String id = Api.createConference(body);
        asOrganizer()
                .get("/api/conferences/{id}", id)
                .then()
                .statusCode(200)
                .body("description", equalTo("dòng một\r\ndòng hai"))
                .body("title", containsString(nfd));
    }

    @Test
    void aSearchTermWithANulIsA400NamingQ() {
        invalid(asOrganizer().queryParam("q", "da\u0000nang").get("/api/sites").then(), "q");
        invalid(asOrganizer().queryParam("q", "x\u0001").get("/api/conferences").then(), "q");
    }

    @Test
    void aCsvWithNulBytesIsRefusedWholeAndARowWithAControlCharacterIsReported() {
        Setup s = Api.setup();
        String hostName =
                asOrganizer().get("/api/sites/{id}", s.host()).then().extract().path("name");
        problem(
                asOrganizer()
                        .contentType("text/csv")
                        .body("fullName,site\nA\u0000,x\n")
                        .post(s.path() + "/delegates/import")
                        .then(),
                400,
                "malformed-csv");
        String job = asOrganizer()
                .contentType("text/csv; charset=utf-8")
                .body("fullName,site\nNguyễn Văn A," + hostName + "\nTrần\u0008B," + hostName + "\n")
                .post(s.path() + "/delegates/import")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        await().until(() -> "DONE"
                .equals(asOrganizer()
                        .get("/api/imports/{j}", job)
                        .then()
                        .extract()
                        .path("status")));
        asOrganizer()
                .get("/api/imports/{j}", job)
                .then()
                .body("created", equalTo(1))
                .body("errors[0].row", equalTo(3))
                .body("errors[0].message", containsString("fullName: must not contain control characters"));
    }
}
