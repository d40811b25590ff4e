package bridgepoint.delegate;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** Body of POST .../delegates; PATCH takes any subset of it (moving a delegate = PATCH siteId). */
@Schema(name = "DelegateRequest", example = """
        {"fullName": "Nguyễn Thị Hồng Nhung", "title": "Phó Trưởng ban", "organization": "Ban Dân vận Thành ủy Đà Nẵng",
         "email": "nhung.nth@danang.gov.vn", "phone": "+84 236 3822 111", "siteId": "0b7c2a8e-5d1f-4c1e-9a57-3f1f0f6e2d11"}""")
public record DelegateRequest(
        @NotBlank @Size(max = 200) String fullName,
        @Size(max = 200) String title,
        @Size(max = 300) String organization,
        @Email @Size(max = 254) String email,

        @Pattern(
                regexp = DelegateRequest.PHONE,
                message = "must be a phone number: digits, spaces, + - ( ) . ; 6 to 20 digits")
        @Size(max = 40)
        String phone,

        @NotNull @Schema(description = "The participating site the delegate attends")
        UUID siteId) {

    /** 6 to 20 digits, optionally with a leading + and the usual separators. */
    public static final String PHONE = "\\+?[ ().-]*([0-9][ ().-]*){6,20}";
}
