package bridgepoint.delegate;

import bridgepoint.common.DelegatesChanged;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ConferenceStatus;
import bridgepoint.delegate.DelegateRowCheck.Accepted;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Inserts checked import rows as delegates with plain JDBC batches, each row whole or not at all. */
@ApplicationScoped
public class DelegateBatchInsert {

    /** How many rows were inserted, and why the others were not. */
    record Inserted(int created, List<ImportError> errors) {}

    /** The conference ended or was cancelled while the import ran: nothing more is inserted. */
    static final class ConferenceClosed extends RuntimeException {
        final String status;

        ConferenceClosed(String status) {
            super("the conference is " + status, null, false, false);
            this.status = status;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    Event<DelegatesChanged> delegatesChanged;

    @Inject
    ConferenceService conferences;

    /** The rows in one batch; if that fails (a concurrent insert took an email), one by one. */
    Inserted insert(UUID conferenceId, List<Accepted> rows) {
        if (rows.isEmpty()) {
            return new Inserted(0, List.of());
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> batch(conferenceId, rows));
            return new Inserted(rows.size(), List.of());
        } catch (ConferenceClosed closed) {
            throw closed;
        } catch (RuntimeException batchFailed) {
            int created = 0;
            List<ImportError> errors = new ArrayList<>();
            for (Accepted row : rows) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> batch(conferenceId, List.of(row)));
                    created++;
                } catch (ConferenceClosed closed) {
                    throw closed;
                } catch (RuntimeException e) {
                    errors.add(new ImportError(
                            row.row(),
                            isDuplicateEmail(e)
                                    ? "duplicate email " + row.delegate().email()
                                    : "could not be saved: " + rootMessage(e)));
                }
            }
            return new Inserted(created, errors);
        }
    }

    private void batch(UUID conferenceId, List<Accepted> rows) {
        Timestamp now = Timestamp.from(clock.instant());
        // Share-locked until the batch commits: closing the conference (which locks it for update) waits for this
        // batch, and a batch after the close finds it closed.
        ConferenceStatus status = conferences.lockForShare(conferenceId).orElse(ConferenceStatus.CANCELLED);
        if (!status.editable()) {
            throw new ConferenceClosed(status.name());
        }
        try (Connection c = dataSource.getConnection()) {
            insertRows(c, conferenceId, rows, now);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        delegatesChanged.fire(DelegatesChanged.batchOf(conferenceId));
    }

    private static void insertRows(Connection c, UUID conferenceId, List<Accepted> rows, Timestamp now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                     insert into delegate (id, conference_id, site_id, full_name, title, organization, email, phone,
                                           join_code, created_at, version)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")) {
            for (Accepted row : rows) {
                DelegateRequest d = row.delegate();
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, conferenceId);
                ps.setObject(3, d.siteId());
                ps.setString(4, d.fullName());
                ps.setString(5, d.title());
                ps.setString(6, d.organization());
                ps.setString(7, d.email());
                ps.setString(8, d.phone());
                ps.setString(9, JoinCodes.generate());
                ps.setTimestamp(10, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static boolean isDuplicateEmail(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("delegate_email_key")) {
                return true;
            }
            if (t instanceof BatchUpdateException batch
                    && batch.getNextException() != null
                    && isDuplicateEmail(batch.getNextException())) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
