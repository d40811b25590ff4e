package bridgepoint.security;

import bridgepoint.common.Audit;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * On first start with no accounts, creates an organizer from {@code BRIDGEPOINT_ADMIN_USERNAME} and
 * {@code BRIDGEPOINT_ADMIN_PASSWORD}. The prod profile refuses to start without a password, and to create the
 * account with one that the password policy refuses.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    @Inject
    AuthConfig config;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    @Transactional
    void onStart(@Observes StartupEvent event) {
        String username = config.admin().username();
        Optional<String> password = config.admin().password();
        if (password.isEmpty() || password.get().isBlank()) {
            if (ConfigUtils.isProfileActive("prod")) {
                throw new IllegalStateException("BRIDGEPOINT_ADMIN_PASSWORD is not set: the prod profile does not "
                        + "start without the password of the first organizer account");
            }
            return;
        }
        // Instances starting together on an empty database: one creates the account, the others wait and see it.
        em.createNativeQuery("select pg_advisory_xact_lock(7461001)").getSingleResult();
        if (AppUser.count() > 0) {
            return;
        }
        if (ConfigUtils.isProfileActive("prod")) {
            PasswordPolicy.weakness(username, password.get()).ifPresent(reason -> {
                throw new IllegalStateException("BRIDGEPOINT_ADMIN_PASSWORD " + reason
                        + ": the prod profile does not create the first organizer account with a password that the "
                        + "password policy refuses (see README, Accounts)");
            });
        }
        AppUser admin = new AppUser();
        admin.id = UUID.randomUUID();
        admin.username = username;
        admin.passwordHash = BcryptUtil.bcryptHash(password.get(), UserService.BCRYPT_COST);
        admin.role = Role.ORGANIZER;
        admin.createdAt = clock.instant();
        admin.persistAndFlush();
        audit.record("user.created", null, "user", admin.id, null, UserResponse.of(admin)); // by the service
        LOG.infof("Created the organizer account '%s'", username);
    }
}
