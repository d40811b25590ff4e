package bridgepoint.agenda;

import bridgepoint.common.Person;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Body of POST and PUT .../agenda items; PATCH takes any subset of it as a JSON merge patch. */
@Schema(name = "AgendaItemRequest", example = """
        {"kind": "DOCUMENT_BRIEFING", "title": "Quán triệt các văn bản mới về công tác dân vận",
         "speaker": {"name": "Nguyễn Văn A", "title": "Cục trưởng Cục Công tác đảng và công tác chính trị"},
         "siteId": "6f1c9a57-0c3e-4b8e-9d51-2f0e0c1a7b21", "plannedStart": "2021-12-22T08:40:00+07:00",
         "plannedMinutes": 30,
         "documents": [{"code": "23-QĐ/TW", "title": "Quy định về công tác dân vận của hệ thống chính trị",
                        "issuer": "Ban Chấp hành Trung ương", "issuedOn": "2021-07-30"}]}""")
public record AgendaItemRequest(
        @NotNull AgendaKind kind,
        @NotBlank @Size(max = 300) String title,
        @Valid Person speaker,

        @Schema(description = "The participating site the speaker talks from")
        UUID siteId,

        @Schema(description = "Optional; within the conference's window")
        OffsetDateTime plannedStart,

        @NotNull @Min(1) @Max(1440) Integer plannedMinutes,
        @Size(max = 50) List<@NotNull @Valid DocumentRef> documents,

        @Min(1) @Schema(description = "1-based; on create the default is the end; on change the item moves there")
        Integer position) {}
