package bridgepoint.attendance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.Map;

/** Prometheus metrics of check-ins ({@code bridgepoint_attendance_checkins_total}; see README, Operations). */
@ApplicationScoped
public class AttendanceMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<CheckInService.Method, Counter> created = new EnumMap<>(CheckInService.Method.class);
    private final Map<CheckInService.Method, Counter> repeated = new EnumMap<>(CheckInService.Method.class);

    @PostConstruct
    void create() {
        for (CheckInService.Method method : CheckInService.Method.values()) {
            created.put(method, counter(method, "created"));
            repeated.put(method, counter(method, "repeated"));
        }
    }

    private Counter counter(CheckInService.Method method, String outcome) {
        return Counter.builder("bridgepoint.attendance.checkins")
                .description("Check-ins taken by this instance: created (a first check-in or a move) or repeated"
                        + " (already checked in there)")
                .tag("method", method.name())
                .tag("outcome", outcome)
                .register(registry);
    }

    void checkedIn(CheckInService.Method method, boolean isNew) {
        (isNew ? created : repeated).get(method).increment();
    }
}
