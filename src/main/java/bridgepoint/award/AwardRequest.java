package bridgepoint.award;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(name = "AwardRequest", example = """
        {"recipientType": "INDIVIDUAL", "name": "Lê Văn Trung", "unit": "Ban Dân vận Thành ủy Đà Nẵng",
         "award": "Bằng khen của Bộ trưởng Bộ Công an", "siteId": "5b1f3c1e-8a7d-4d0c-9f51-2b8e6f0a9c11"}""")
public record AwardRequest(
        @NotNull RecipientType recipientType,
        @NotBlank @Size(max = 300) String name,
        @Size(max = 300) String unit,
        @NotBlank @Size(max = 300) String award,

        @Schema(description = "The participating site (bridge point) the recipient attends from; optional")
        UUID siteId) {}
