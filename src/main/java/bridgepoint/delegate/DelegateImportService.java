package bridgepoint.delegate;

import bridgepoint.common.ApiException;
import bridgepoint.common.CsvUpload;
import bridgepoint.common.CsvUpload.Row;
import bridgepoint.conference.Conference;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    /** Checked row, ready to insert. */
    private record Checked(int number, DelegateRequest delegate) {
    }

    private void run(UUID jobId, UUID conferenceId, List<Row> records) {
        try {
            Map<String, UUID> sites = QuarkusTransaction.requiringNew().call(() -> sites(conferenceId));
            Set<String> emails = QuarkusTransaction.requiringNew().call(() -> emails(conferenceId));
            int processed = 0;
            int created = 0;
            for (int from = 0; from < records.size(); from += CHUNK) {
                List<Row> chunk = records.subList(from, Math.min(records.size(), from + CHUNK));
                List<ImportError> errors = new ArrayList<>();
                List<Checked> good = new ArrayList<>();
                for (Row record : chunk) {
                    String error = check(record, sites, emails, good);
                    if (error != null) {
                        errors.add(new ImportError(record.number(), error));
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

    private String check(Row record, Map<String, UUID> sites, Set<String> emails, List<Checked> good) {
        String siteValue = record.value("site");
        UUID siteId = siteValue == null ? null : sites.get(siteValue.toLowerCase(Locale.ROOT));
        if (siteValue == null) {
            return "missing site";
        }
        if (siteId == null) {
            return "unknown site '" + siteValue + "' (not a site of this conference)";
        }
        DelegateRequest delegate = new DelegateRequest(record.value("fullName"), record.value("title"),
                record.value("organization"), record.value("email"), record.value("phone"), siteId);
        if (delegate.fullName() == null) {
            return "missing name (fullName)";
        }
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<DelegateRequest> v : validator.validate(delegate)) {
            String field = v.getPropertyPath().toString();
            problems.add(("phone".equals(field) ? "bad phone '" + delegate.phone() + "': " : field + ": ") + v.getMessage());
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.naturalOrder());
            return String.join("; ", problems);
        }
        if (delegate.email() != null && !emails.add(delegate.email().toLowerCase(Locale.ROOT))) {
            return "duplicate email " + delegate.email();
        }
        good.add(new Checked(record.number(), delegate));
        return null;
    }

    /** Inserts the chunk's good rows in one batch; if that fails (a concurrent insert took an email), one by one. */
    private int insert(UUID conferenceId, List<Checked> rows, List<ImportError> errors) {
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> batch(conferenceId, rows));
            return rows.size();
        } catch (RuntimeException batchFailed) {
            int created = 0;
            for (Checked row : rows) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> batch(conferenceId, List.of(row)));
                    created++;
                } catch (RuntimeException e) {
                    errors.add(new ImportError(row.number(), isDuplicateEmail(e)
                            ? "duplicate email " + row.delegate().email() : "could not be saved: " + rootMessage(e)));
                }
            }
            errors.sort(Comparator.comparingInt(ImportError::row));
            return created;
        }
    }

    private void batch(UUID conferenceId, List<Checked> rows) {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into delegate (id, conference_id, site_id, full_name, title, organization, email, phone,
                                           join_code, created_at, version)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")) {
            for (Checked row : rows) {
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

    private Map<String, UUID> sites(UUID conferenceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select s.id, s.name from conference_site cs join site s on s.id = cs.site_id where cs.conference_id = ?1")
                .setParameter(1, conferenceId).getResultList();
        Map<String, UUID> byKey = new HashMap<>();
        for (Object[] r : rows) {
            byKey.put(r[0].toString(), (UUID) r[0]);
            byKey.put(((String) r[1]).toLowerCase(Locale.ROOT), (UUID) r[0]);
        }
        return byKey;
    }

    private Set<String> emails(UUID conferenceId) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery(
                        "select lower(email) from delegate where conference_id = ?1 and email is not null")
                .setParameter(1, conferenceId).getResultList();
        return new HashSet<>(rows);
    }
}
