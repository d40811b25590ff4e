package bridgepoint.attendance;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Api.Snapshot;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.support.Api.asOrganizer;
import static bridgepoint.support.Api.invalid;
import static bridgepoint.support.Api.problem;
import static bridgepoint.support.Attendance.batch;
import static bridgepoint.support.Attendance.checkIn;
import static bridgepoint.support.Attendance.checkIns;
import static bridgepoint.support.Attendance.current;
import static bridgepoint.support.Attendance.delegate;
import static bridgepoint.support.Attendance.entry;
import static bridgepoint.support.Attendance.history;
import static bridgepoint.support.Attendance.minutesAgo;
import static bridgepoint.support.Attendance.rollUp;
import static bridgepoint.support.Attendance.scheduledNow;
import static bridgepoint.support.Attendance.unchanged;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Check-ins captured offline and uploaded later: once per nonce, with their own time, each with its result. */
@QuarkusTest
class OfflineBatchTest {

    /**
     * Always with seconds: {@code OffsetDateTime.toString()} leaves out ":00", which is not RFC 3339 (the tests failed
     * whenever a time fell on a whole minute).
     */
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private static String nonce() {
        return "tablet-" + Api.unique();
    }

    /** The results of an upload by the organizer, which must be accepted (200). */
    private static List<Map<String, Object>> upload(Setup s, List<?> entries) {
        return batch(asOrganizer(), s, entries)
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> checkInOf(Map<String, Object> result) {
        return (Map<String, Object>) result.get("checkIn");
    }

    @Test
    void entriesAreAppliedWithTheirOwnTime() {
        Setup s = scheduledNow();
        String d1 = delegate(s, s.host(), "Trần Quốc Tỏ");
        String d2 = delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");
        String at1 = minutesAgo(40);
        // a time given in UTC is the same instant, shown in the conference's time zone
        String at2 = minutesAgo(35);
        String n1 = nonce();
        String n2 = nonce();

        List<Map<String, Object>> results = upload(
                s,
                List.of(
                        entry(n1, d1, s.host(), at1),
                        entry(
                                n2,
                                d2,
                                s.host(),
                                OffsetDateTime.parse(at2)
                                        .withOffsetSameInstant(ZoneOffset.UTC)
                                        .format(RFC_3339))));

        assertEquals(List.of(n1, n2), results.stream().map(r -> r.get("nonce")).toList());
        assertEquals(
                List.of("created", "created"),
                results.stream().map(r -> r.get("result")).toList());
        Map<String, Object> first = checkInOf(results.get(0));
        assertEquals(at1, first.get("at"));
        assertEquals("OFFLINE", first.get("method"));
        assertEquals("admin", first.get("recordedBy"));
        assertEquals(true, first.get("current"));
        assertTrue(
                OffsetDateTime.parse((String) first.get("recordedAt")).isAfter(OffsetDateTime.parse(at1)),
                "recorded when uploaded: " + first);
        Map<String, Object> second = checkInOf(results.get(1));
        assertEquals(at2, second.get("at"));
        assertEquals(false, second.get("atAssignedSite"));

        // read back: the same check-ins, with their own times
        assertEquals(List.of(first), history(s, d1));
        assertEquals(List.of(second), history(s, d2));
        asOrganizer()
                .get(checkIns(s) + "/{c}", first.get("id"))
                .then()
                .statusCode(200)
                .body("at", equalTo(at1))
                .body("siteId", equalTo(s.host()));
        assertEquals(2, rollUp(s).getInt("sites[0].checkedIn"));
    }

    @Test
    void everyEntryGetsItsOwnResultInOrder() {
        Setup s = scheduledNow();
        String present = delegate(s, s.host(), "Lê Thị Thu Hà");
        String fresh = delegate(s, s.remote(), "Phạm Đức Thắng");
        String other = delegate(s, s.remote(), "Bùi Văn Cường");
        String outsider = Api.createSite();
        String existing =
                checkIn(s, present, s.host()).statusCode(201).extract().path("id");
        String unknown = UUID.randomUUID().toString();
        String future = OffsetDateTime.parse(minutesAgo(-60)).format(RFC_3339);
        List<String> nonces = List.of(nonce(), nonce(), nonce(), nonce(), nonce(), nonce());

        List<Map<String, Object>> results = upload(
                s,
                List.of(
                        entry(nonces.get(0), fresh, s.remote(), minutesAgo(20)),
                        entry(nonces.get(1), present, s.host(), minutesAgo(15)),
                        entry(nonces.get(2), unknown, s.remote(), minutesAgo(14)),
                        entry(nonces.get(3), other, outsider, minutesAgo(13)),
                        entry(nonces.get(4), other, s.remote(), future),
                        entry(nonces.get(5), other, s.remote(), minutesAgo(12))));

        assertEquals(nonces, results.stream().map(r -> r.get("nonce")).toList());
        assertEquals(
                List.of("created", "duplicate", "rejected", "rejected", "rejected", "created"),
                results.stream().map(r -> r.get("result")).toList(),
                results.toString());
        assertNull(results.get(0).get("reason"));
        assertThat(results.get(1), "already checked in");
        assertEquals(existing, checkInOf(results.get(1)).get("id"), "a duplicate names the existing check-in");
        assertThat(results.get(2), unknown);
        assertThat(results.get(2), "does not exist");
        assertThat(results.get(3), "does not take part");
        assertThat(results.get(4), "future");
        assertNull(checkInOf(results.get(2)));
        assertNull(checkInOf(results.get(4)));
        // the same reasons as codes, for a page to say in its own language
        assertEquals(
                Arrays.asList(
                        null,
                        "already-checked-in",
                        "delegate-not-found",
                        "site-not-participating",
                        "in-the-future",
                        null),
                results.stream().map(r -> r.get("reasonCode")).toList());
        // only the two created entries were stored; the rejected ones left nothing behind
        assertEquals(3, Api.total(checkIns(s)));
        assertEquals(1, history(s, other).size());
        assertEquals(existing, current(s, present).get("id"));
    }

    private static void assertThat(Map<String, Object> result, String reasonPart) {
        String reason = (String) result.get("reason");
        assertNotNull(reason, "no reason: " + result);
        assertTrue(reason.contains(reasonPart), "reason '" + reason + "' does not say '" + reasonPart + "'");
    }

    @Test
    void aSiteHostUploadsForItsOwnSitesOnly() {
        Setup s = scheduledNow();
        String atHost = delegate(s, s.host(), "Trần Quốc Tỏ");
        String atRemote = delegate(s, s.remote(), "Nguyễn Thị Hồng Nhung");
        String hostOfRemote = Api.siteHost(s.remote());
        String n1 = nonce();
        String n2 = nonce();
        String n3 = nonce();

        List<Map<String, Object>> results = batch(
                        Api.as(hostOfRemote),
                        s,
                        List.of(
                                entry(n1, atHost, s.host(), minutesAgo(30)),
                                entry(n2, atRemote, s.remote(), minutesAgo(29)),
                                entry(n3, atHost, s.remote(), minutesAgo(28))))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");

        assertEquals(
                List.of("rejected", "created", "created"),
                results.stream().map(r -> r.get("result")).toList());
        assertThat(results.get(0), "not one of your sites");
        assertEquals(s.remote(), current(s, atHost).get("siteId"), "checked in at Đà Nẵng by its host only");
        assertEquals(1, history(s, atHost).size());
        assertEquals(2, Api.total(checkIns(s)));

        // a host of another conference's sites cannot upload here at all
        Setup other = scheduledNow();
        Snapshot before = unchanged(s);
        problem(
                batch(Api.as(Api.siteHost(other.host())), s, List.of(entry(nonce(), atHost, s.host(), minutesAgo(5)))),
                403,
                "forbidden");
        before.assertUnchanged();
    }

    @Test
    void aRetriedUploadChangesNothing() {
        Setup s = scheduledNow();
        String a = delegate(s, s.host(), "Võ Văn Thưởng");
        String b = delegate(s, s.remote(), "Đặng Thị Ngọc Thịnh");
        String c = delegate(s, s.remote(), "Trương Hòa Bình");
        checkIn(s, c, null).statusCode(201);
        List<Map<String, Object>> entries = List.of(
                entry(nonce(), a, s.host(), minutesAgo(50)),
                entry(nonce(), b, s.remote(), minutesAgo(45)),
                entry(nonce(), c, s.remote(), minutesAgo(44)),
                entry(nonce(), UUID.randomUUID().toString(), s.host(), minutesAgo(43)),
                entry(nonce(), a, s.remote(), minutesAgo(42)));
        List<Map<String, Object>> first = upload(s, entries);
        assertEquals(
                List.of("created", "created", "duplicate", "rejected", "created"),
                first.stream().map(r -> r.get("result")).toList(),
                first.toString());
        Snapshot before = unchanged(s);
        int checkIns = Api.total(checkIns(s));

        for (int retry = 0; retry < 2; retry++) {
            List<Map<String, Object>> again = upload(s, entries);
            assertEquals(
                    first.stream().map(r -> r.get("nonce")).toList(),
                    again.stream().map(r -> r.get("nonce")).toList());
            for (int i = 0; i < first.size(); i++) {
                String was = (String) first.get(i).get("result");
                assertEquals(
                        "created".equals(was) ? "duplicate" : was, again.get(i).get("result"), again.toString());
            }
            assertEquals(first.get(3).get("reason"), again.get(3).get("reason"), "a rejection keeps its reason");
            assertEquals(first.get(3).get("reasonCode"), again.get(3).get("reasonCode"), "… and its code");
            assertEquals("uploaded-before", again.get(0).get("reasonCode"), again.toString());
            before.assertUnchanged();
            assertEquals(checkIns, Api.total(checkIns(s)));
        }
        // the nonce counts, not what the entry says: the same nonce with other contents is still a duplicate
        Map<String, Object> changed = entry((String) entries.get(1).get("nonce"), b, s.host(), minutesAgo(1));
        assertEquals("duplicate", upload(s, List.of(changed)).get(0).get("result"));
        before.assertUnchanged();
    }

    @Test
    void theSameNonceTwiceInOneUploadIsAppliedOnce() {
        Setup s = scheduledNow();
        String a = delegate(s, s.host(), "Hoàng Trung Hải");
        String b = delegate(s, s.remote(), "Ngô Xuân Lịch");
        String n = nonce();

        List<Map<String, Object>> results =
                upload(s, List.of(entry(n, a, s.host(), minutesAgo(20)), entry(n, b, s.remote(), minutesAgo(19))));

        assertEquals(List.of(n, n), results.stream().map(r -> r.get("nonce")).toList());
        assertEquals(
                List.of("created", "duplicate"),
                results.stream().map(r -> r.get("result")).toList());
        assertNotNull(current(s, a));
        assertNull(current(s, b), "the second entry with the same nonce was not applied");
        assertEquals(1, Api.total(checkIns(s)));
    }

    @Test
    void anEntryOlderThanTheCurrentCheckInIsKeptAsHistory() {
        Setup s = scheduledNow();
        String d = delegate(s, s.host(), "Trần Cẩm Tú");
        Map<String, Object> online =
                checkIn(s, d, s.remote()).statusCode(201).extract().jsonPath().getMap("");
        String older = nonce();

        Map<String, Object> result =
                upload(s, List.of(entry(older, d, s.host(), minutesAgo(60)))).get(0);

        assertEquals("created", result.get("result"));
        Map<String, Object> kept = checkInOf(result);
        assertEquals(false, kept.get("current"));
        assertEquals(s.host(), kept.get("siteId"));
        assertNull(kept.get("movedFromSiteId"), "the delegate did not move: " + kept);
        assertEquals(online.get("id"), current(s, d).get("id"), "the delegate stays where it was checked in last");
        List<Map<String, Object>> history = history(s, d);
        assertEquals(
                List.of(kept.get("id"), online.get("id")),
                history.stream().map(c -> c.get("id")).toList());
        assertEquals(1, rollUp(s).getInt("totals.checkedIn"));
        assertEquals(List.of(0, 1), rollUp(s).getList("sites.checkedIn"));

        // an entry newer than the current check-in moves the delegate
        String newer = OffsetDateTime.now().format(RFC_3339);
        Map<String, Object> moved =
                checkInOf(upload(s, List.of(entry(nonce(), d, s.host(), newer))).get(0));
        assertEquals(true, moved.get("current"));
        assertEquals(s.remote(), moved.get("movedFromSiteId"));
        assertEquals(moved.get("id"), current(s, d).get("id"));
        assertEquals(List.of(1, 0), rollUp(s).getList("sites.checkedIn"));
    }

    @Test
    void uploadsAreAcceptedAfterTheConferenceEndedButNotBeforeItIsScheduled() {
        Setup s = Api.setupNow();
        String d = delegate(s, s.host(), "Lê Minh Hưng");
        String draftNonce = nonce();
        List<Map<String, Object>> draft = upload(s, List.of(entry(draftNonce, d, s.host(), minutesAgo(10))));
        assertEquals("rejected", draft.get(0).get("result"));
        assertThat(draft.get(0), "DRAFT");
        assertNull(current(s, d));

        Api.advance(s.conference(), "publish", "start", "end");
        problem(checkIn(s, d, null), 409, "conference-closed");
        Map<String, Object> late =
                upload(s, List.of(entry(nonce(), d, s.host(), minutesAgo(9)))).get(0);
        assertEquals("created", late.get("result"));
        assertEquals(checkInOf(late).get("id"), current(s, d).get("id"));

        Setup cancelled = Api.setupNow();
        String c = delegate(cancelled, cancelled.host(), "Lê Minh Hưng");
        Api.advance(cancelled.conference(), "cancel");
        Snapshot before = unchanged(cancelled);
        Map<String, Object> refused = upload(cancelled, List.of(entry(nonce(), c, cancelled.host(), minutesAgo(9))))
                .get(0);
        assertEquals("rejected", refused.get("result"));
        assertThat(refused, "CANCELLED");
        before.assertUnchanged();
    }

    @Test
    void invalidUploadsAreRefusedWhole() {
        Setup s = scheduledNow();
        String d = delegate(s, s.host(), "Phan Văn Giang");
        String n = nonce();
        Snapshot before = unchanged(s);

        invalid(batch(asOrganizer(), s, List.of()), "body");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(entry(n + "-" + i, d, s.host(), minutesAgo(5)));
        }
        invalid(batch(asOrganizer(), s, tooMany), "body");
        for (String field : List.of("nonce", "delegateId", "siteId", "at")) {
            Map<String, Object> entry = entry(n, d, s.host(), minutesAgo(5));
            entry.remove(field);
            invalid(
                    batch(asOrganizer(), s, List.of(entry(nonce(), d, s.host(), minutesAgo(6)), entry)),
                    "[1]." + field);
        }
        invalid(batch(asOrganizer(), s, Arrays.asList(entry(nonce(), d, s.host(), minutesAgo(6)), null)), "[1]");
        invalid(batch(asOrganizer(), s, List.of(entry("", d, s.host(), minutesAgo(5)))), "[0].nonce");
        invalid(batch(asOrganizer(), s, List.of(entry("x".repeat(101), d, s.host(), minutesAgo(5)))), "[0].nonce");
        for (Object at :
                new Object[] {"yesterday", "2021-12-22T08:00:00", "2021-12-22", 1640134800, 1640134800.5, true}) {
            invalid(batch(asOrganizer(), s, List.of(entry(n, d, s.host(), at))), "[0].at");
        }
        invalid(batch(asOrganizer(), s, List.of(entry(n, "not-a-uuid", s.host(), minutesAgo(5)))), "[0].delegateId");
        problem(batch(asOrganizer(), s, Map.of("nonce", n)), 400);
        problem(batch(asOrganizer(), s, "[{\"nonce\":"), 400);
        problem(asOrganizer().post(checkIns(s) + "/batch").then(), 400);
        before.assertUnchanged();

        // none of these left its nonce behind: it is new when uploaded properly
        assertEquals(
                "created",
                upload(s, List.of(entry(n, d, s.host(), minutesAgo(5)))).get(0).get("result"));
    }

    @Test
    void onlyOrganizersAndSiteHostsUpload() {
        Setup s = scheduledNow();
        Map<String, Object> delegate = Api.createDelegate(s.conference(), s.host(), "Lương Cường");
        String token = Api.join((String) delegate.get("joinCode"));
        List<Map<String, Object>> entries =
                List.of(entry(nonce(), (String) delegate.get("id"), s.host(), minutesAgo(3)));
        Snapshot before = unchanged(s);

        problem(batch(Api.as(token), s, entries), 403, "forbidden");
        Api.unauthorized(batch(Api.anonymous(), s, entries));
        problem(
                batch(asOrganizer(), new Setup(UUID.randomUUID().toString(), s.host(), s.remote(), s.day()), entries),
                404,
                "not-found");
        before.assertUnchanged();
        batch(asOrganizer(), s, entries)
                .statusCode(200)
                .body("[0].result", equalTo("created"))
                .body("[0].reason", nullValue())
                .body("[0].checkIn.method", containsString("OFFLINE"));
    }
}
