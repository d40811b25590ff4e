package bridgepoint.delegate;

import bridgepoint.common.ApiException;
import bridgepoint.common.CsvUpload;
import bridgepoint.common.CsvUpload.Row;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceService;
import bridgepoint.delegate.DelegateBatchInsert.Inserted;
import bridgepoint.delegate.DelegateRowCheck.Accepted;
import bridgepoint.delegate.DelegateRowCheck.Rejected;
import bridgepoint.delegate.DelegateRowCheck.RowResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports delegates from CSV ({@code fullName,title,organization,email,phone,site}, {@code site} a participating
 * site's name or id) as a job: the file is read through at once (a malformed file is refused whole), then the job
 * reads its rows again one by one, checks them with the same rules as a single delegate and inserts the good ones in
 * batches, each row whole or not at all. Bad rows are reported by the row number a spreadsheet shows (the header is row 1). The job's state is
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
    ConferenceService conferences;

    @Inject
    Validator validator;

    @Inject
    ImportJobs jobs;

    @Inject
    DelegateBatchInsert inserts;

    /**
     * Reads the file and starts the job, which deletes the file when done; the file's structure is checked here
     * (400), its rows in the job.
     */
    public ImportJob start(UUID conferenceId, CsvUpload csv, String by) {
        csv.requireText();
        Conference c = QuarkusTransaction.requiringNew().call(() -> conferences.find(conferenceId));
        if (!c.status.editable()) {
            throw ApiException.conflict(
                    "conference-closed", "conference is " + c.status + " and can no longer be changed");
        }
        int total = csv.count(REQUIRED, KNOWN);
        ImportJob job = jobs.create(c, ImportKind.DELEGATES, total, by);
        jobs.runAsync(csv, () -> run(job.jobId(), conferenceId, csv));
        return job;
    }

    private void run(UUID jobId, UUID conferenceId, CsvUpload csv) {
        try (CsvUpload.Rows rows = csv.rows(REQUIRED, KNOWN)) {
            DelegateRowCheck check = QuarkusTransaction.requiringNew().call(() -> rowCheck(conferenceId));
            int processed = 0;
            int created = 0;
            for (List<Row> chunk = rows.next(CHUNK); !chunk.isEmpty(); chunk = rows.next(CHUNK)) {
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
                Inserted inserted = inserts.insert(conferenceId, good);
                errors.addAll(inserted.errors());
                errors.sort(Comparator.comparingInt(ImportError::row));
                created += inserted.created();
                processed += chunk.size();
                jobs.progress(jobId, processed, created, errors);
            }
            jobs.finish(jobId, ImportStatus.DONE);
        } catch (DelegateBatchInsert.ConferenceClosed closed) {
            jobs.fail(
                    jobId,
                    "the import stopped: the conference was " + closed.status
                            + " meanwhile, so no more delegates were added");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import %s failed", jobId);
            jobs.fail(jobId, "the import stopped: " + e.getMessage());
        } finally {
            csv.delete();
        }
    }

    /** The check for the conference's rows: its sites, and the e-mails its delegates have. */
    private DelegateRowCheck rowCheck(UUID conferenceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> sites = em.createNativeQuery(
                        "select s.id, s.name from conference_site cs join site s on s.id = cs.site_id where cs.conference_id = ?1")
                .setParameter(1, conferenceId)
                .getResultList();
        Map<UUID, String> names = new LinkedHashMap<>();
        for (Object[] s : sites) {
            names.put((UUID) s[0], (String) s[1]);
        }
        @SuppressWarnings("unchecked")
        List<String> emails = em.createNativeQuery(
                        "select lower(email) from delegate where conference_id = ?1 and email is not null")
                .setParameter(1, conferenceId)
                .getResultList();
        return new DelegateRowCheck(validator, names, emails);
    }
}
