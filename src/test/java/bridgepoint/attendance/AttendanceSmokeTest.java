package bridgepoint.attendance;

import bridgepoint.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class AttendanceSmokeTest {

    @Test
    void checkInReportRollUpCsvImport() {
        Api.Setup s = Api.setup();
        String d1 = (String) Api.createDelegate(s.conference(), s.host(), "Nguyễn Văn Hùng").get("id");
        asOrganizer().post(s.path() + "/publish").then().statusCode(200);
        asOrganizer().body(Map.of("delegateId", d1, "siteId", s.host())).post(s.path() + "/checkins").then().statusCode(201);
        asOrganizer().body(Map.of("delegateId", d1, "siteId", s.host())).post(s.path() + "/checkins").then().statusCode(200);
        asOrganizer().body(Map.of("delegateId", d1, "siteId", s.remote())).post(s.path() + "/checkins").then().statusCode(201)
                .body("movedFromSiteId", equalTo(s.host()));
        asOrganizer().body(Map.of("present", 3)).put(s.path() + "/sites/" + s.remote() + "/attendance").then().statusCode(200);
        asOrganizer().get(s.path() + "/attendance").then().log().ifValidationFails().statusCode(200)
                .body("totals.checkedIn", equalTo(1)).body("anomalies.size()", equalTo(1));
        asOrganizer().queryParam("checkedIn", "true").get(s.path() + "/delegates").then().statusCode(200).body("total", equalTo(1));
        String csv = asOrganizer().get(s.path() + "/attendance.csv").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(csv.contains("Nguyễn Văn Hùng"), csv);
        asOrganizer().body(List.of(Map.of("nonce", "n1", "delegateId", d1, "siteId", s.host(), "at", "2020-01-01T08:00:00+07:00")))
                .post(s.path() + "/checkins/batch").then().log().ifValidationFails().statusCode(200).body("[0].result", equalTo("created"));
        String siteName = asOrganizer().get("/api/sites/" + s.remote()).then().extract().path("name");
        String job = asOrganizer().contentType("text/csv; charset=UTF-8")
                .body("fullName,title,organization,email,phone,site\nLê Văn A,,,a@x.vn,0905123456," + siteName + "\n,,,,,x\n")
                .post(s.path() + "/delegates/import").then().log().ifValidationFails().statusCode(202).extract().path("jobId");
        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(asOrganizer().get("/api/imports/" + job).then()
                .statusCode(200).extract().path("status")));
        asOrganizer().get("/api/imports/" + job).then().log().all().body("created", equalTo(1)).body("errors[0].row", equalTo(3));
        asOrganizer().get(s.path() + "/events").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> RestAssured.given().auth().oauth2(Api.organizer())
                .get(s.path() + "/events?after=0&size=1000").jsonPath().getList("items.type").contains("attendance.updated"));
    }
}
