package bridgepoint.conference;

import bridgepoint.common.Person;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of PUT /api/conferences/{id}/sites/{siteId}. */
@Schema(name = "ParticipationRequest", example = """
        {"role": "REMOTE",
         "chairs": [{"name": "Lê Văn Trung", "title": "Trưởng Ban Dân vận Thành ủy"},
                    {"name": "Trần Mưu", "title": "Đại tá, Phó Giám đốc Công an TP Đà Nẵng"}],
         "streamUrl": "https://stream.example.vn/danang"}""")
public record ParticipationRequest(
        @NotNull SiteRole role,
        @Size(max = 20) List<@NotNull @Valid Person> chairs,

        @Size(max = 2000)
        @Pattern(
                regexp = "(?i)(https?|rtmps?|srt|rtsp)://\\S+",
                message = "must be an http(s), rtmp(s), srt or rtsp URL")
        String streamUrl) {}
