package bridgepoint.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Instants are stored in UTC and shown in the conference's (or site's) time zone. */
public final class TimeZones {

    public static final String DEFAULT = "Asia/Ho_Chi_Minh";

    private TimeZones() {}

    public static OffsetDateTime at(Instant instant, String zone) {
        return instant == null ? null : instant.atZone(ZoneId.of(zone)).toOffsetDateTime();
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    public static String orDefault(String zone) {
        return zone == null ? DEFAULT : zone;
    }
}
