package bridgepoint.delegate;

/** What an import job imports; stored by name in {@code import_job.kind}. */
public enum ImportKind {
    DELEGATES,
    AWARDS
}
