package bridgepoint.conference;

import bridgepoint.common.Person;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

@Schema(name = "Participation", description = "A site taking part in a conference (a bridge point).")
public record ParticipationResponse(
        UUID conferenceId,
        UUID siteId,
        String name,
        @Schema(nullable = true) String city,
        SiteRole role,
        List<Person> chairs,

        @Schema(
                nullable = true,
                description = "Where the site's stream is sent or read (it may carry the stream's key): "
                        + "shown to organizers and that site's hosts only, null for everyone else")
        String streamUrl,

        long version) {}
