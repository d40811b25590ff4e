package bridgepoint.delegate;

/** An import job's state; stored by name in {@code import_job.status}. */
public enum ImportStatus {
    RUNNING,
    DONE,
    FAILED
}
