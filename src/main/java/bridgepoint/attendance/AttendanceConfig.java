package bridgepoint.attendance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "bridgepoint.attendance")
public interface AttendanceConfig {

    /** Check-ins and head counts of a conference within this time are announced by one attendance.updated event. */
    @WithDefault("PT0.3S")
    Duration coalesce();

    /**
     * Offline check-ins are taken when their time lies within the conference, widened by this much on each side
     * (doors open before the start; device clocks drift).
     */
    @WithDefault("PT2H")
    Duration offlineGrace();

    /** Offline check-ins are taken until this long after the conference ended; then its record is official. */
    @WithDefault("P3D")
    Duration offlineUploadDeadline();
}
