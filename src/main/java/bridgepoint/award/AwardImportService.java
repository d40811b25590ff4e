package bridgepoint.award;

import bridgepoint.award.AwardRowCheck.Accepted;
import bridgepoint.award.AwardRowCheck.Rejected;
import bridgepoint.award.AwardRowCheck.RowResult;
import bridgepoint.common.ApiException;
import bridgepoint.common.CsvUpload;
import bridgepoint.common.CsvUpload.Row;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceService;
import bridgepoint.conference.ParticipationResponse;
import bridgepoint.conference.ParticipationService;
import bridgepoint.delegate.ImportError;
import bridgepoint.delegate.ImportJob;
import bridgepoint.delegate.ImportJobs;
import bridgepoint.delegate.ImportKind;
import bridgepoint.delegate.ImportStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports an awards roll from CSV ({@code recipientType,name,unit,award,site}) as a job, with the rules and row
 * numbering of the delegate import: the file is read through at once (a malformed file, or one without
 * {@code recipientType}, {@code name} or {@code award}, is refused whole, 400); the job reads its rows again one by one
 * and checks them as single awards; the good ones are inserted
 * in chunks, each chunk in one transaction with one {@code awards.imported} event; bad rows are reported by the row
 * number a spreadsheet shows (the header is row 1). Follow it at {@code GET /api/imports/{jobId}}.
 */
@ApplicationScoped
public class AwardImportService {

    private static final Logger LOG = Logger.getLogger(AwardImportService.class);
    private static final int CHUNK = 500;
    private static final List<String> REQUIRED = List.of("recipientType", "name", "award");
    private static final List<String> KNOWN = List.of("recipientType", "name", "unit", "award", "site");

    @Inject
    ConferenceService conferences;

    @Inject
    ParticipationService participations;

    @Inject
    AwardService awards;

    @Inject
    Validator validator;

    @Inject
    ImportJobs jobs;

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
        AwardRowCheck check = QuarkusTransaction.requiringNew().call(() -> rowCheck(conferenceId));
        ImportJob job = jobs.create(c, ImportKind.AWARDS, total, by);
        jobs.runAsync(csv, () -> run(job.jobId(), conferenceId, csv, check, by));
        return job;
    }

    private void run(UUID jobId, UUID conferenceId, CsvUpload csv, AwardRowCheck check, String by) {
        try (CsvUpload.Rows rows = csv.rows(REQUIRED, KNOWN)) {
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
                        errors.add(new ImportError(rejected.row(), rejected.message()));
                    }
                }
                if (!good.isEmpty()) {
                    List<AwardRequest> requests =
                            good.stream().map(Accepted::award).toList();
                    try {
                        QuarkusTransaction.requiringNew()
                                .run(() -> awards.insertImported(conferenceId, jobId, requests, by));
                        created += good.size();
                    } catch (RuntimeException e) {
                        good.forEach(
                                row -> errors.add(new ImportError(row.row(), "could not be saved: " + e.getMessage())));
                        errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
                    }
                }
                processed += chunk.size();
                jobs.progress(jobId, processed, created, errors);
            }
            jobs.finish(jobId, ImportStatus.DONE);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Awards import %s failed", jobId);
            jobs.fail(jobId, "the import stopped: " + e.getMessage());
        } finally {
            csv.delete();
        }
    }

    /** The check for the conference's rows: its sites by id and name. */
    private AwardRowCheck rowCheck(UUID conferenceId) {
        Map<UUID, String> names = new LinkedHashMap<>();
        for (ParticipationResponse p : participations.list(conferenceId)) {
            names.put(p.siteId(), p.name());
        }
        return new AwardRowCheck(validator, names);
    }
}
