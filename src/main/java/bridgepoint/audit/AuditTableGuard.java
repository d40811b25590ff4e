package bridgepoint.audit;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * The audit log is append-only because the service's database role may only add and read entries: the triggers that
 * refuse changes can be switched off by the table's owner (or a superuser). A service that finds it runs as such a
 * role says so at start, and keeps running (deployments from before the two roles).
 */
@ApplicationScoped
class AuditTableGuard {

    private static final Logger LOG = Logger.getLogger(AuditTableGuard.class);

    @Inject
    EntityManager em;

    @Transactional
    void onStart(@Observes StartupEvent event) {
        Object[] row = (Object[]) em.createNativeQuery("""
                        select current_user::text, pg_get_userbyid(c.relowner)::text,
                               pg_has_role(current_user, c.relowner, 'USAGE')
                        from pg_class c where c.oid = 'audit_entry'::regclass""").getSingleResult();
        if (Boolean.TRUE.equals(row[2])) {
            LOG.warnf(
                    "The service runs as the database role '%s', which owns the audit table audit_entry (its owner is"
                            + " '%s') or is a superuser: it could switch off the triggers that keep the audit log"
                            + " append-only. Run the migrations as the owner (QUARKUS_FLYWAY_USERNAME/_PASSWORD) and the"
                            + " service as a role that owns no table (QUARKUS_DATASOURCE_USERNAME/_PASSWORD; README,"
                            + " Running it).",
                    row[0], row[1]);
        }
    }
}
