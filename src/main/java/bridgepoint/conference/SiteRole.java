package bridgepoint.conference;

/** The central hall where the chair speaks, or a linked bridge point. */
public enum SiteRole {
    HOST,
    REMOTE
}
