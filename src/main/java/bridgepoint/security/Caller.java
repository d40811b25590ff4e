package bridgepoint.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Set;
import java.util.UUID;

/** The authenticated caller of the current request, as its token describes it. */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    public TokenClaims claims() {
        TokenClaims claims = identity.getAttribute(TokenIdentityProvider.CLAIMS_ATTRIBUTE);
        if (claims == null) {
            throw new UnauthorizedException();
        }
        return claims;
    }

    public Role role() {
        return claims().role();
    }

    public boolean isOrganizer() {
        return role() == Role.ORGANIZER;
    }

    public boolean isSiteHost() {
        return role() == Role.SITE_HOST;
    }

    public boolean isDelegate() {
        return role() == Role.DELEGATE;
    }

    /** The sites a site host is responsible for; empty for other roles. */
    public Set<UUID> hostedSites() {
        return isSiteHost() ? claims().siteIds() : Set.of();
    }

    public boolean hostsSite(UUID siteId) {
        return siteId != null && hostedSites().contains(siteId);
    }

    /** For a delegate: the delegate's id. */
    public UUID delegateId() {
        return isDelegate() ? claims().subject() : null;
    }

    /** For a delegate: the conference it joined. */
    public UUID delegateConferenceId() {
        return isDelegate() ? claims().conferenceId() : null;
    }

    public UUID userId() {
        return isDelegate() ? null : claims().subject();
    }

    public String name() {
        return claims().name();
    }
}
