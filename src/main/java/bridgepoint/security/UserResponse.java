package bridgepoint.security;

import bridgepoint.common.TimeZones;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Schema(name = "User")
public record UserResponse(
        UUID id,
        String username,

        @Schema(nullable = true, description = "A name to show for the account, if any")
        String displayName,

        Role role,
        List<UUID> siteIds,

        @Schema(description = "A disabled account cannot log in")
        boolean disabled,

        @Schema(description = "UTC") OffsetDateTime createdAt,

        @Schema(nullable = true, description = "The organizer who created the account; null for the first organizer")
        Creator createdBy,

        @Schema(
                nullable = true,
                description = "The last successful login (UTC); null if never. A login does not change `version`.")
        OffsetDateTime lastLoginAt,

        long version) {

    @Schema(name = "UserCreator")
    public record Creator(UUID id, String username) {}

    static UserResponse of(AppUser user) {
        return new UserResponse(
                user.id,
                user.username,
                user.displayName,
                user.role,
                user.siteIds.stream().sorted().toList(),
                user.disabled,
                TimeZones.at(user.createdAt, "UTC"),
                user.createdBy == null ? null : new Creator(user.createdBy, user.createdByName),
                user.lastLoginAt == null ? null : TimeZones.at(user.lastLoginAt, "UTC"),
                user.version);
    }
}
