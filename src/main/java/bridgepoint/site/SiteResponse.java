package bridgepoint.site;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(name = "Site")
public record SiteResponse(
        UUID id,
        String name,
        @Schema(nullable = true) String city,
        @Schema(nullable = true) String address,
        String timeZone,
        @Schema(nullable = true) Integer capacity,
        long version) {

    static SiteResponse of(Site site) {
        return new SiteResponse(
                site.id, site.name, site.city, site.address, site.timeZone, site.capacity, site.version);
    }
}
