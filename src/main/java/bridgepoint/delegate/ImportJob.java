package bridgepoint.delegate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An import job's progress and result (of delegates or awards); times in the conference's time zone. */
@Schema(name = "ImportJob")
public record ImportJob(
        UUID jobId,
        ImportKind kind,
        UUID conferenceId,
        ImportStatus status,
        int processed,
        int total,
        int created,
        List<ImportError> errors,
        OffsetDateTime startedAt,
        @Schema(nullable = true) OffsetDateTime finishedAt) {}
