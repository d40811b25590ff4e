package bridgepoint.security;

import java.util.Set;
import java.util.UUID;

/**
 * What a verified access token says about its bearer. {@code stamp}: for a delegate, a digest of the join code it
 * joined with (see {@link TokenSubjects}); null for accounts. {@code scope}: null for an access token, which is good
 * for whatever its role may do; otherwise what the token is limited to (see {@link TokenScopes}). {@code tokenId}: the
 * token's own id ({@code jti}), by which a single token is revoked (logout); {@code expiresAt}: epoch seconds.
 */
public record TokenClaims(
        UUID subject,
        String name,
        Role role,
        Set<UUID> siteIds,
        UUID conferenceId,
        String stamp,
        String scope,
        String tokenId,
        long expiresAt) {}
