package bridgepoint.common;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A named person with a title: a chair, a co-chair, a speaker. */
@Schema(name = "Person", example = "{\"name\": \"Trần Quốc Tỏ\", \"title\": \"Trung tướng, Thứ trưởng Bộ Công an\"}")
public record Person(
        @NotBlank @Size(max = 200) String name,
        @Schema(nullable = true) @Size(max = 300) String title) {}
