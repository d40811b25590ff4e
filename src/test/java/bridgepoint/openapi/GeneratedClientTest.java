package bridgepoint.openapi;

import bridgepoint.client.ApiClient;
import bridgepoint.client.ApiException;
import bridgepoint.client.api.AccessApi;
import bridgepoint.client.api.AgendaApi;
import bridgepoint.client.api.AttendanceApi;
import bridgepoint.client.api.ConferencesApi;
import bridgepoint.client.api.DelegatesApi;
import bridgepoint.client.api.LiveApi;
import bridgepoint.client.api.SitesApi;
import bridgepoint.client.model.AgendaItem;
import bridgepoint.client.model.AgendaItemRequest;
import bridgepoint.client.model.AgendaKind;
import bridgepoint.client.model.AgendaStatus;
import bridgepoint.client.model.Attendance;
import bridgepoint.client.model.CheckIn;
import bridgepoint.client.model.CheckInRequest;
import bridgepoint.client.model.Conference;
import bridgepoint.client.model.ConferenceRequest;
import bridgepoint.client.model.ConferenceStatus;
import bridgepoint.client.model.Delegate;
import bridgepoint.client.model.DelegateRequest;
import bridgepoint.client.model.Document;
import bridgepoint.client.model.HeadCount;
import bridgepoint.client.model.LiveState;
import bridgepoint.client.model.ParticipationRequest;
import bridgepoint.client.model.Person;
import bridgepoint.client.model.SiteAttendance;
import bridgepoint.client.model.SiteRequest;
import bridgepoint.client.model.SiteRole;
import bridgepoint.client.model.TokenRequest;
import bridgepoint.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the reference conference (22 December 2021: Hà Nội chairs, Đà Nẵng follows) through the Java client that
 * openapi-generator makes from the committed OpenAPI document, as an integrator would: typed models and operations,
 * nothing written by hand. The document's truth in detail is checked on every request of the suite
 * ({@code support.OpenApiContract}); this shows that a working client can be generated from it.
 */
@QuarkusTest
class GeneratedClientTest {

    private static final String DAY = "2021-12-22T%s:00+07:00";

    @Test
    void theReferenceConferenceRunsThroughTheGeneratedClient() throws ApiException {
        ApiClient anonymous = client(null);
        String token = new AccessApi(anonymous)
                .authResourceToken(new TokenRequest().username("admin").password("admin"))
                .getAccessToken();
        ApiClient organizer = client(token);
        SitesApi sites = new SitesApi(organizer);
        ConferencesApi conferences = new ConferencesApi(organizer);
        DelegatesApi delegates = new DelegatesApi(organizer);
        AgendaApi agenda = new AgendaApi(organizer);
        AttendanceApi attendance = new AttendanceApi(organizer);

        String tag = Api.unique();
        UUID hanoi = sites.siteResourceCreate(new SiteRequest()
                        .name("Điểm cầu Hà Nội " + tag)
                        .city("Hà Nội")
                        .timeZone("Asia/Ho_Chi_Minh")
                        .capacity(300))
                .getId();
        UUID danang = sites.siteResourceCreate(
                        new SiteRequest().name("Điểm cầu Đà Nẵng " + tag).city("Đà Nẵng"))
                .getId();

        Conference created = conferences.conferenceResourceCreate(new ConferenceRequest()
                .title("Hội nghị trực tuyến tổng kết công tác dân vận năm 2021 " + tag)
                .startsAt(OffsetDateTime.parse(DAY.formatted("08:00")))
                .endsAt(OffsetDateTime.parse(DAY.formatted("11:30")))
                .timeZone("Asia/Ho_Chi_Minh")
                .chair(new Person().name("Trần Quốc Tỏ").title("Trung tướng, Thứ trưởng Bộ Công an")));
        UUID id = created.getId();
        assertEquals(ConferenceStatus.DRAFT, created.getStatus());
        assertNull(created.getStartedAt());
        assertNull(created.getFloorSiteId());

        conferences.conferenceResourcePutSite(
                id,
                hanoi,
                new ParticipationRequest().role(SiteRole.HOST).chairs(List.of(new Person().name("Trần Quốc Tỏ"))),
                null);
        conferences.conferenceResourcePutSite(
                id,
                danang,
                new ParticipationRequest()
                        .role(SiteRole.REMOTE)
                        .chairs(List.of(
                                new Person().name("Lương Nguyễn Minh Triết").title("Bí thư Thành ủy"))),
                null);

        Delegate first = delegates.delegateResourceCreate(
                id, new DelegateRequest().fullName("Nguyễn Văn An " + tag).siteId(hanoi));
        Delegate second = delegates.delegateResourceCreate(
                id,
                new DelegateRequest()
                        .fullName("Trần Văn Đức " + tag)
                        .title("Trưởng Ban Dân vận Thành ủy")
                        .siteId(danang));
        assertNull(first.getEmail());
        assertTrue(second.getJoinCode() != null && !second.getJoinCode().isBlank());

        AgendaItem report = agenda.agendaResourceAdd(
                id,
                new AgendaItemRequest()
                        .kind(AgendaKind.REPORT)
                        .title("Báo cáo tổng kết công tác dân vận năm 2021")
                        .siteId(hanoi)
                        .plannedStart(OffsetDateTime.parse(DAY.formatted("08:00")))
                        .plannedMinutes(30));
        AgendaItem briefing = agenda.agendaResourceAdd(
                id,
                new AgendaItemRequest()
                        .kind(AgendaKind.DOCUMENT_BRIEFING)
                        .title("Quán triệt Quy định 23-QĐ/TW")
                        .speaker(new Person().name("Đại diện Cục Công tác đảng"))
                        .plannedMinutes(20)
                        .documents(List.of(new Document()
                                .code("23-QĐ/TW")
                                .title("Quy định về công tác dân vận của hệ thống chính trị")
                                .issuedOn(LocalDate.parse("2021-07-30")))));
        assertNull(briefing.getPlannedStart());
        assertNull(briefing.getSiteId());
        assertNull(briefing.getActualStart());

        conferences.conferenceResourcePublish(id, null);
        conferences.conferenceResourceStart(id, null);
        AgendaItem started = agenda.agendaResourceStart(id, report.getId(), null);
        assertEquals(AgendaStatus.LIVE, started.getStatus());
        assertTrue(started.getActualStart() != null);
        assertNull(started.getActualEnd());

        CheckIn checkIn = attendance.checkInResourceCheckIn(id, new CheckInRequest().delegateId(second.getId()));
        assertEquals(danang, checkIn.getSiteId());
        assertNull(checkIn.getMovedFromSiteId());
        attendance.attendanceResourceReport(id, danang, new HeadCount().present(118));

        Attendance rollUp = attendance.attendanceResourceRollUp(id);
        assertEquals(2L, rollUp.getTotals().getRegistered());
        assertEquals(1L, rollUp.getTotals().getCheckedIn());
        SiteAttendance atDanang = rollUp.getSites().stream()
                .filter(s -> s.getSiteId().equals(danang))
                .findFirst()
                .orElseThrow();
        assertEquals(1L, atDanang.getCheckedIn());
        assertEquals(118, atDanang.getReportedPresent());
        SiteAttendance atHanoi = rollUp.getSites().stream()
                .filter(s -> s.getSiteId().equals(hanoi))
                .findFirst()
                .orElseThrow();
        assertNull(atHanoi.getReportedPresent());

        LiveState live = new LiveApi(organizer).liveResourceState(id);
        assertEquals(report.getId(), live.getCurrentItem().getId());
        assertEquals(2, live.getAgenda().size());

        ApiException refused = assertThrows(
                ApiException.class,
                () -> conferences.conferenceResourceCreate(new ConferenceRequest()
                        .title("ends before it starts")
                        .startsAt(OffsetDateTime.parse(DAY.formatted("11:00")))
                        .endsAt(OffsetDateTime.parse(DAY.formatted("08:00")))));
        assertEquals(400, refused.getCode());
        assertTrue(refused.getResponseBody().contains("urn:bridgepoint:problem:validation"));
    }

    private static ApiClient client(String token) {
        ApiClient client = new ApiClient(
                HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), "http://localhost:" + RestAssured.port);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }
}
