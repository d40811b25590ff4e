package bridgepoint.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;
import java.util.UUID;

@Schema(name = "UserRequest", example = """
        {"username": "danang-host", "password": "a long secret", "role": "SITE_HOST",
         "siteIds": ["0b7c2a8e-5d1f-4c1e-9a57-3f1f0f6e2d11"], "displayName": "Điểm cầu Đà Nẵng"}""")
public record UserRequest(
        @NotBlank
        @Size(min = 3, max = 64)
        @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "may contain letters, digits and . _ @ - only")
        String username,

        @NotBlank
        @Size(min = 8, max = 200)
        @Schema(description = "8 to 200 characters, not containing the username, not one of the common passwords")
        String password,

        @NotNull @Schema(description = "ORGANIZER or SITE_HOST (delegates join with a code)")
        Role role,

        @Schema(description = "The sites a SITE_HOST is responsible for") @Size(max = 100)
        Set<@NotNull UUID> siteIds,

        @Schema(description = "A name to show for the account, e.g. the person or the bridge point") @Size(max = 200)
        String displayName) {}
