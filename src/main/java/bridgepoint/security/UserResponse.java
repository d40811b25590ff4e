package bridgepoint.security;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

@Schema(name = "User")
public record UserResponse(UUID id, String username, Role role, List<UUID> siteIds, long version) {

    static UserResponse of(AppUser user) {
        return new UserResponse(
                user.id,
                user.username,
                user.role,
                user.siteIds.stream().sorted().toList(),
                user.version);
    }
}
