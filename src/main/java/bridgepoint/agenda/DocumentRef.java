package bridgepoint.agenda;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** A document an agenda item refers to, such as Decision 23-QĐ/TW or Directive 33/CT-TTg. */
@Schema(name = "Document", example = """
        {"code": "23-QĐ/TW", "title": "Quy định về công tác dân vận của hệ thống chính trị",
         "issuer": "Ban Chấp hành Trung ương", "issuedOn": "2021-07-30"}""")
public record DocumentRef(
        @NotBlank @Size(max = 60) String code,
        @NotBlank @Size(max = 500) String title,
        @Schema(nullable = true) @Size(max = 200) String issuer,
        @Schema(nullable = true) LocalDate issuedOn) {}
