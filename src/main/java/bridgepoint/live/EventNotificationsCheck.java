package bridgepoint.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while this instance listens for other instances' events: without it, their changes would reach this
 * instance's clients only with the periodic poll, and revoked tokens would be honoured here.
 */
@Readiness
@ApplicationScoped
public class EventNotificationsCheck implements HealthCheck {

    @Inject
    EventNotifications notifications;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Live event notifications")
                .status(notifications.connected())
                .build();
    }
}
