package bridgepoint.security;

import java.util.Set;
import java.util.UUID;

/** What a verified access token says about its bearer. */
public record TokenClaims(UUID subject, String name, Role role, Set<UUID> siteIds, UUID conferenceId) {
}
