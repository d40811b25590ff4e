package bridgepoint.conference;

import bridgepoint.common.Person;
import bridgepoint.common.validation.TimeZoneId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

/** Body of POST and PUT /api/conferences; PATCH takes any subset of it as a JSON merge patch. */
@Schema(name = "ConferenceRequest", example = """
        {"title": "Hội nghị trực tuyến tổng kết công tác dân vận năm 2021",
         "description": "Tổng kết công tác dân vận năm 2021, triển khai nhiệm vụ năm 2022",
         "startsAt": "2021-12-22T08:00:00+07:00", "endsAt": "2021-12-22T11:30:00+07:00",
         "timeZone": "Asia/Ho_Chi_Minh",
         "chair": {"name": "Trần Quốc Tỏ", "title": "Trung tướng, Thứ trưởng Bộ Công an"}}""")
public record ConferenceRequest(
        @NotBlank @Size(max = 300) String title,
        @Size(max = 5000) String description,

        @NotNull @Schema(description = "ISO-8601 with offset")
        OffsetDateTime startsAt,

        @NotNull @Schema(description = "ISO-8601 with offset; after startsAt, at most 31 days later")
        OffsetDateTime endsAt,

        @TimeZoneId @Schema(description = "IANA time zone for display and exports; default Asia/Ho_Chi_Minh")
        String timeZone,

        @Valid Person chair) {}
