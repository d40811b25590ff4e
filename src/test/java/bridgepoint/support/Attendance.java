package bridgepoint.support;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static bridgepoint.support.Api.asOrganizer;

/** Helpers for attendance: check-ins, offline batches, head counts, the roll-up, over HTTP. */
public final class Attendance {

    private Attendance() {}

    /** {@link Api#setup()}, published: check-ins are taken while a conference is SCHEDULED or LIVE. */
    public static Api.Setup scheduled() {
        Api.Setup s = Api.setup();
        Api.advance(s.conference(), "publish");
        return s;
    }

    /** {@link Api#setupNow()}, published: a conference that takes offline check-ins made "minutes ago". */
    public static Api.Setup scheduledNow() {
        Api.Setup s = Api.setupNow();
        Api.advance(s.conference(), "publish");
        return s;
    }

    public static String checkIns(Api.Setup s) {
        return s.path() + "/checkins";
    }

    /** A new delegate of the setup's conference at this site; its id. */
    public static String delegate(Api.Setup s, String siteId, String fullName) {
        return (String) Api.createDelegate(s.conference(), siteId, fullName).get("id");
    }

    /** A new delegate at this site, joined: its token. */
    public static String joinedDelegate(Api.Setup s, String siteId, String fullName) {
        return Api.join(
                (String) Api.createDelegate(s.conference(), siteId, fullName).get("joinCode"));
    }

    /** {@code {"delegateId","siteId"}}, leaving out what is null. */
    public static Map<String, Object> checkInBody(String delegateId, String siteId) {
        Map<String, Object> body = new HashMap<>();
        if (delegateId != null) {
            body.put("delegateId", delegateId);
        }
        if (siteId != null) {
            body.put("siteId", siteId);
        }
        return body;
    }

    /** {@code POST …/checkins} with this body. */
    public static ValidatableResponse checkIn(RequestSpecification as, Api.Setup s, Object body) {
        return as.body(body).post(checkIns(s)).then();
    }

    /** {@code POST …/checkins} of this delegate at this site (null: the assigned one). */
    public static ValidatableResponse checkIn(RequestSpecification as, Api.Setup s, String delegateId, String siteId) {
        return checkIn(as, s, checkInBody(delegateId, siteId));
    }

    public static ValidatableResponse checkIn(Api.Setup s, String delegateId, String siteId) {
        return checkIn(asOrganizer(), s, delegateId, siteId);
    }

    /** {@code POST …/checkins/me} with a delegate's token; {@code siteId} null sends no body. */
    public static ValidatableResponse checkInMe(String token, Api.Setup s, String siteId) {
        RequestSpecification as = Api.as(token);
        if (siteId != null) {
            as.body(Map.of("siteId", siteId));
        }
        return as.post(checkIns(s) + "/me").then();
    }

    /** The delegate's check-ins, newest first, as the organizer reads them. */
    public static List<Map<String, Object>> history(Api.Setup s, String delegateId) {
        return asOrganizer()
                .queryParam("delegateId", delegateId)
                .queryParam("size", 500)
                .get(checkIns(s))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** The delegate's current check-in, or null. */
    public static Map<String, Object> current(Api.Setup s, String delegateId) {
        List<Map<String, Object>> current = asOrganizer()
                .queryParam("delegateId", delegateId)
                .queryParam("current", true)
                .get(checkIns(s))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        if (current.size() > 1) {
            throw new AssertionError("more than one current check-in: " + current);
        }
        return current.isEmpty() ? null : current.get(0);
    }

    /** {@code GET …/attendance} as the organizer. */
    public static JsonPath rollUp(Api.Setup s) {
        return asOrganizer()
                .get(s.path() + "/attendance")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The roll-up's numbers as {@code /live} and {@code attendance.updated} carry them: {@code sites} and {@code totals}. */
    public static Map<String, Object> numbers(Api.Setup s) {
        JsonPath rollUp = rollUp(s);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("sites", rollUp.getList("sites"));
        numbers.put("totals", rollUp.getMap("totals"));
        return numbers;
    }

    /** {@code PUT …/sites/{siteId}/attendance} with this body. */
    public static ValidatableResponse report(RequestSpecification as, Api.Setup s, String siteId, Object body) {
        return as.body(body).put(s.path() + "/sites/{site}/attendance", siteId).then();
    }

    /** {@code POST …/checkins/batch} with these entries. */
    public static ValidatableResponse batch(RequestSpecification as, Api.Setup s, Object entries) {
        return as.body(entries).post(checkIns(s) + "/batch").then();
    }

    /** An offline entry (mutable, so that tests can drop fields). */
    public static Map<String, Object> entry(String nonce, String delegateId, String siteId, Object at) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("nonce", nonce);
        entry.put("delegateId", delegateId);
        entry.put("siteId", siteId);
        entry.put("at", at);
        return entry;
    }

    /** Now, {@code minutesAgo} minutes ago, to the second, in Hà Nội's time zone as the API shows times. */
    public static String minutesAgo(long minutesAgo) {
        return OffsetDateTime.now(ZoneId.of(Api.ZONE))
                .minusMinutes(minutesAgo)
                .truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /**
     * The check-ins, the roll-up and the delegates of the setup's conference as they are now, to show with
     * {@link Api.Snapshot#assertUnchanged()} that a rejected request changed none of them.
     */
    public static Api.Snapshot unchanged(Api.Setup s, String... otherPaths) {
        String[] paths = new String[otherPaths.length + 3];
        paths[0] = checkIns(s) + "?size=500";
        paths[1] = s.path() + "/attendance";
        paths[2] = s.path() + "/delegates?size=500";
        System.arraycopy(otherPaths, 0, paths, 3, otherPaths.length);
        return Api.snapshot(paths);
    }
}
