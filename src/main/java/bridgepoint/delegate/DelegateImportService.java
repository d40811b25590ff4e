package bridgepoint.delegate;

import bridgepoint.common.ApiException;
import bridgepoint.common.CsvUpload;
import bridgepoint.common.CsvUpload.Row;
import bridgepoint.conference.Conference;
import bridgepoint.delegate.DelegateRowCheck.Accepted;
import bridgepoint.delegate.DelegateRowCheck.Rejected;
import bridgepoint.delegate.DelegateRowCheck.RowResult;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.Validator;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports delegates from CSV ({@code fullName,title,organization,email,phone,site}, {@code site} a participating
 * site's name or id) as a job: the file is read at once (a malformed file is refused whole), then its rows are
 * checked with the same rules as a single delegate and the good ones inserted in batches, each row whole or not
 * at all. Bad rows are reported by the row number a spreadsheet shows (the header is row 1). The job's state is
 * in the database, so any instance can report its progress.
 */
@ApplicationScoped
public class DelegateImportService {

    private static final Logger LOG = Logger.getLogger(DelegateImportService.class);
    private static final int CHUNK = 500;
    private static final List<String> REQUIRED = List.of("fullName", "site");
    private static final List<String> KNOWN = List.of("fullName", "title", "organization", "email", "phone", "site");

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Validator validator;

    @Inject
    ManagedExecutor executor;

    @Inject
    Clock clock;

    @Inject
    ImportJobs jobs;

    /** Reads the file and starts the job; the file's structure is checked here (400), its rows in the job. */
    public ImportJob start(UUID conferenceId, String csv, String by) {
        Conference c = QuarkusTransaction.requiringNew().call(() -> em.find(Conference.class, conferenceId));
        if (c == null) {
            throw ApiException.notFound("conference", conferenceId);
        }
        if (!c.status.editable()) {
            throw ApiException.conflict("conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
        List<Row> records = CsvUpload.rows(csv, REQUIRED, KNOWN);
        ImportJob job = jobs.create(c, records.size(), by);
        executor.runAsync(() -> run(job.jobId(), conferenceId, records));
        return job;
    }

    private void run(UUID jobId, UUID conferenceId, List<Row> records) {
        try {
            DelegateRowCheck check = QuarkusTransaction.requiringNew().call(() -> rowCheck(conferenceId));
            int processed = 0;
            int created = 0;
            for (int from = 0; from < records.size(); from += CHUNK) {
                List<Row> chunk = records.subList(from, Math.min(records.size(), from + CHUNK));
                List<ImportError> errors = new ArrayList<>();
                List<Accepted> good = new ArrayList<>();
                for (Row row : chunk) {
                    RowResult result = check.check(row);
                    if (result instanceof Accepted accepted) {
                        good.add(accepted);
                    } else if (result instanceof Rejected rejected) {
                        errors.add(rejected.error());
                    }
                }
                created += insert(conferenceId, good, errors);
                processed += chunk.size();
                jobs.progress(jobId, processed, created, errors);
            }
            jobs.finish(jobId, ImportStatus.DONE);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import %s failed", jobId);
            jobs.fail(jobId, "the import stopped: " + e.getMessage());
        }
    }

    /** Inserts the chunk's good rows in one batch; if that fails (a concurrent insert took an email), one by one. */
    private int insert(UUID conferenceId, List<Accepted> rows, List<ImportError> errors) {
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> batch(conferenceId, rows));
            return rows.size();
        } catch (RuntimeException batchFailed) {
            int created = 0;
            for (Accepted row : rows) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> batch(conferenceId, List.of(row)));
                    created++;
                } catch (RuntimeException e) {
                    errors.add(new ImportError(row.row(), isDuplicateEmail(e)
                            ? "duplicate email " + row.delegate().email() : "could not be saved: " + rootMessage(e)));
                }
            }
            errors.sort(Comparator.comparingInt(ImportError::row));
            return created;
        }
    }

    private void batch(UUID conferenceId, List<Accepted> rows) {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
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
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean isDuplicateEmail(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("delegate_email_key")) {
                return true;
            }
            if (t instanceof BatchUpdateException batch && batch.getNextException() != null
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

    /** The check for the conference's rows: its sites, and the e-mails its delegates have. */
    private DelegateRowCheck rowCheck(UUID conferenceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> sites = em.createNativeQuery(
                        "select s.id, s.name from conference_site cs join site s on s.id = cs.site_id where cs.conference_id = ?1")
                .setParameter(1, conferenceId).getResultList();
        Map<UUID, String> names = new LinkedHashMap<>();
        for (Object[] s : sites) {
            names.put((UUID) s[0], (String) s[1]);
        }
        @SuppressWarnings("unchecked")
        List<String> emails = em.createNativeQuery(
                        "select lower(email) from delegate where conference_id = ?1 and email is not null")
                .setParameter(1, conferenceId).getResultList();
        return new DelegateRowCheck(validator, names, emails);
    }
}
