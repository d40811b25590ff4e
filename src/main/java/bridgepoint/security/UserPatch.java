package bridgepoint.security;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/**
 * What {@code PATCH /api/users/{id}} may change, as a JSON merge patch of these fields. Changing the sites or the
 * role, or disabling the account, revokes its tokens on every instance.
 */
@Schema(name = "UserPatch", example = """
        {"displayName": "Nguyễn Thị Huế", "role": "SITE_HOST", "siteIds": ["6a1d3f0e-8b2c-4d5e-9f70-1a2b3c4d5e6f"],
         "disabled": false}""")
public record UserPatch(
        @Schema(description = "A name to show for the account (null clears it)") @Size(max = 200)
        String displayName,

        @NotNull @Schema(description = "ORGANIZER or SITE_HOST")
        Role role,

        // a list, so that the size is checked on what was sent, before repeated ids fall together
        @Schema(description = "The sites a SITE_HOST is responsible for; none for an ORGANIZER") @Size(max = 100)
        List<@NotNull UUID> siteIds,

        @NotNull @Schema(description = "A disabled account cannot log in and its tokens are refused")
        Boolean disabled) {

    static UserPatch of(AppUser user) {
        return new UserPatch(
                user.displayName, user.role, user.siteIds.stream().sorted().toList(), user.disabled);
    }
}
