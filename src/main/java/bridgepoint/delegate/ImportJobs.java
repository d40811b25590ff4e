package bridgepoint.delegate;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.common.CsvUpload;
import bridgepoint.common.TimeZones;
import bridgepoint.conference.Conference;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.context.ManagedExecutor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Import jobs in the database ({@code import_job}), so that any instance can report a job's progress. Each call is
 * a transaction of its own: progress is visible while the job runs.
 */
@ApplicationScoped
public class ImportJobs {

    @Inject
    Audit audit;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    ManagedExecutor executor;

    /** A new job, RUNNING, of {@code total} rows of this kind for the conference. */
    public ImportJob create(Conference conference, ImportKind kind, int total, String by) {
        UUID jobId = UUID.randomUUID();
        Instant now = clock.instant();
        ImportJob job = new ImportJob(
                jobId,
                kind,
                conference.id,
                ImportStatus.RUNNING,
                0,
                total,
                0,
                List.of(),
                TimeZones.at(now, conference.timeZone),
                null);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                        insert into import_job (id, conference_id, status, total, processed, created, created_by, created_at,
                                                heartbeat_at, kind)
                        values (?1, ?2, ?3, ?4, 0, 0, ?5, ?6, ?6, ?7)""")
                    .setParameter(1, jobId)
                    .setParameter(2, conference.id)
                    .setParameter(3, ImportStatus.RUNNING.name())
                    .setParameter(4, total)
                    .setParameter(5, by)
                    .setParameter(6, now)
                    .setParameter(7, kind.name())
                    .executeUpdate();
            audit.record(
                    kind == ImportKind.AWARDS ? "awards.import.started" : "delegates.import.started",
                    conference.id,
                    "importJob",
                    jobId,
                    null,
                    job);
        });
        return job;
    }

    /** Runs a job's work in the background; the work then owns the uploaded file and deletes it when done. */
    public void runAsync(CsvUpload file, Runnable work) {
        file.keep();
        try {
            executor.runAsync(work);
        } catch (RuntimeException e) {
            file.delete();
            throw e;
        }
    }

    public ImportJob get(UUID jobId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows =
                    em.createNativeQuery("""
                            select j.conference_id, j.status, j.processed, j.total, j.created, cast(j.errors as text),
                                   j.created_at, j.finished_at, c.time_zone, j.kind
                            from import_job j join conference c on c.id = j.conference_id where j.id = ?1""").setParameter(1, jobId).getResultList();
            if (rows.isEmpty()) {
                throw ApiException.notFound("import job", jobId);
            }
            Object[] r = rows.get(0);
            List<ImportError> errors;
            try {
                errors = List.of(mapper.readValue((String) r[5], ImportError[].class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            String zone = (String) r[8];
            return new ImportJob(
                    jobId,
                    ImportKind.valueOf((String) r[9]),
                    (UUID) r[0],
                    ImportStatus.valueOf((String) r[1]),
                    ((Number) r[2]).intValue(),
                    ((Number) r[3]).intValue(),
                    ((Number) r[4]).intValue(),
                    errors,
                    TimeZones.at(instant(r[6]), zone),
                    r[7] == null ? null : TimeZones.at(instant(r[7]), zone));
        });
    }

    /** Sets the job's counters and adds the errors of the rows processed since the last call. */
    public void progress(UUID jobId, int processed, int created, List<ImportError> errors) {
        update(jobId, processed, created, errors);
    }

    public void finish(UUID jobId, ImportStatus status) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("update import_job set status = ?2, finished_at = ?3 where id = ?1")
                        .setParameter(1, jobId)
                        .setParameter(2, status.name())
                        .setParameter(3, clock.instant())
                        .executeUpdate());
    }

    /**
     * Marks FAILED the jobs that have shown no sign of life for {@code staleAfter}: their instance stopped (a crash,
     * a deployment) in the middle. Any instance may do it; the rows already imported stay. How many it ended.
     */
    public int failAbandoned(Duration staleAfter) {
        String error;
        try {
            error = mapper.writeValueAsString(List.of(new ImportError(
                    0,
                    "the import stopped: the instance running it went away; the rows counted as created were "
                            + "imported, import the others again")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("""
                        update import_job set status = 'FAILED', finished_at = now(),
                                              errors = errors || cast(?1 as jsonb)
                        where status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?2)""")
                        .setParameter(1, error)
                        .setParameter(2, staleAfter.toMillis() / 1000.0)
                        .executeUpdate());
    }

    /** Ends the job as FAILED, its counters as they are, with the reason as an error of row 0. */
    public void fail(UUID jobId, String reason) {
        update(jobId, -1, -1, List.of(new ImportError(0, reason)));
        finish(jobId, ImportStatus.FAILED);
    }

    /** Adds to the job's errors; {@code processed} and {@code created} -1 leave the counters as they are. */
    private void update(UUID jobId, int processed, int created, List<ImportError> errors) {
        String json;
        try {
            json = mapper.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                        update import_job set processed = case when ?2 < 0 then processed else ?2 end,
                                              created = case when ?3 < 0 then created else ?3 end,
                                              errors = errors || cast(?4 as jsonb),
                                              heartbeat_at = now()
                        where id = ?1""")
                        .setParameter(1, jobId)
                        .setParameter(2, processed)
                        .setParameter(3, created)
                        .setParameter(4, json)
                        .executeUpdate());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        return ((OffsetDateTime) value).toInstant();
    }
}
