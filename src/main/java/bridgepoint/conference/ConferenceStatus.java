package bridgepoint.conference;

/** {@code DRAFT → SCHEDULED → LIVE → ENDED}, and {@code DRAFT|SCHEDULED → CANCELLED}. */
public enum ConferenceStatus {
    DRAFT,
    SCHEDULED,
    LIVE,
    ENDED,
    CANCELLED;

    /** Whether the conference's plan (times, sites, delegates, agenda) may still change. */
    public boolean editable() {
        return this == DRAFT || this == SCHEDULED || this == LIVE;
    }

    /** Whether it still holds its sites: ended and cancelled conferences do not block other conferences. */
    public boolean occupiesSites() {
        return this != ENDED && this != CANCELLED;
    }
}
