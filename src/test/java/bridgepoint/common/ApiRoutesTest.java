package bridgepoint.common;

import bridgepoint.award.AwardResource;
import bridgepoint.common.ApiRoutes.Route;
import bridgepoint.conference.ConferenceResource;
import bridgepoint.delegate.DelegateResource;
import bridgepoint.delegate.ImportResource;
import bridgepoint.delegate.JoinResource;
import bridgepoint.security.AuthResource;
import bridgepoint.security.UserResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes and their callers read from the resources' annotations, and a path matched to its route as JAX-RS does. */
class ApiRoutesTest {

    private static final String CONFERENCE = "/api/conferences/8c0b5f9e-2f7b-4a43-a1f4-0d7c1a1c2b3d";

    private final ApiRoutes routes = ApiRoutes.of(List.of(
            DelegateResource.class,
            AwardResource.class,
            ImportResource.class,
            JoinResource.class,
            AuthResource.class,
            UserResource.class,
            ConferenceResource.class,
            String.class));

    @Test
    void anImportIsForOrganizersAndTakesAFile() {
        Route route = routes.find("POST", CONFERENCE + "/delegates/import");

        assertEquals("/api/conferences/{id}/delegates/import", route.template());
        assertFalse(route.open());
        assertEquals(Set.of("ORGANIZER"), route.roles());
        assertTrue(route.upload());
        assertTrue(route.allows("ORGANIZER"));
        assertFalse(route.allows("SITE_HOST"));
        assertTrue(routes.find("POST", CONFERENCE + "/awards/import/").upload(), "a trailing slash");
        assertFalse(routes.find("POST", CONFERENCE + "/delegates").upload());
    }

    @Test
    void theMethodsRulesWinOverTheClasses() {
        assertTrue(routes.find("POST", "/api/auth/token").open(), "@PermitAll on the class");
        assertTrue(routes.find("POST", "/api/join").open());
        Route logout = routes.find("POST", "/api/auth/logout");
        assertFalse(logout.open(), "@RolesAllowed on the method, over the class's @PermitAll");
        assertTrue(logout.allows("DELEGATE"));
    }

    @Test
    void theMostLiteralTemplateWinsAndAnotherMethodIsNoRoute() {
        // {delegateId} matches "import" too; the literal template is the one JAX-RS picks
        assertEquals(
                "/api/conferences/{id}/delegates/import",
                routes.find("POST", CONFERENCE + "/delegates/import").template());
        assertEquals(
                "/api/conferences/{id}/delegates/{delegateId}",
                routes.find("PATCH", CONFERENCE + "/delegates/3f0e2b1c-0a4d-4d5e-9a8b-7c6d5e4f3a2b")
                        .template());
        assertNull(routes.find("PUT", CONFERENCE + "/delegates/import"), "405 is the REST layer's");
        assertNull(routes.find("POST", "/api/nothing-here"), "404 too");
    }
}
