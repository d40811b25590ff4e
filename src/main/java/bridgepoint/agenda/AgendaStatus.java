package bridgepoint.agenda;

public enum AgendaStatus {
    PLANNED,
    LIVE,
    DONE,
    SKIPPED
}
