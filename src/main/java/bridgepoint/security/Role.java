package bridgepoint.security;

/** What a caller may do; see the access rules in the README. */
public enum Role {
    ORGANIZER,
    SITE_HOST,
    DELEGATE;

    public static final String ORGANIZER_NAME = "ORGANIZER";
    public static final String SITE_HOST_NAME = "SITE_HOST";
    public static final String DELEGATE_NAME = "DELEGATE";
}
