package bridgepoint.agenda;

public enum AgendaKind {
    OPENING,
    REPORT,
    DOCUMENT_BRIEFING,
    PRESENTATION,
    DISCUSSION,
    AWARDS,
    CLOSING,
    BREAK,
    OTHER
}
