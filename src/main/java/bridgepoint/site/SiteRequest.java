package bridgepoint.site;

import bridgepoint.common.validation.TimeZoneId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST and PUT /api/sites; PATCH takes any subset of it as a JSON merge patch. */
@Schema(name = "SiteRequest", example = """
        {"name": "Điểm cầu Đà Nẵng", "city": "Đà Nẵng", "address": "24 Trần Phú, Hải Châu",
         "timeZone": "Asia/Ho_Chi_Minh", "capacity": 120}""")
public record SiteRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 100) String city,
        @Size(max = 300) String address,

        @TimeZoneId @Schema(description = "IANA time zone; default Asia/Ho_Chi_Minh")
        String timeZone,

        @PositiveOrZero @Max(1_000_000) Integer capacity) {

    static SiteRequest of(Site site) {
        return new SiteRequest(site.name, site.city, site.address, site.timeZone, site.capacity);
    }
}
