package bridgepoint.attendance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "bridgepoint.attendance")
public interface AttendanceConfig {

    /** Check-ins and head counts of a conference within this time are announced by one attendance.updated event. */
    @WithDefault("PT0.3S")
    Duration coalesce();
}
