package bridgepoint.delegate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(name = "Delegate")
public record DelegateResponse(
        UUID id,
        UUID conferenceId,
        UUID siteId,
        String fullName,
        String title,
        String organization,
        String email,
        String phone,

        @Schema(
                description = "Personal join code, shown to organizers, the delegate's site hosts "
                        + "and the delegate (nobody else can read a delegate)",
                example = "7K3M-Q9TX-2HPW-RD4A")
        String joinCode,

        long version) {

    static DelegateResponse of(Delegate d) {
        return new DelegateResponse(
                d.id,
                d.conferenceId,
                d.siteId,
                d.fullName,
                d.title,
                d.organization,
                d.email,
                d.phone,
                JoinCodes.display(d.joinCode),
                d.version);
    }

    static DelegateRequest asRequest(Delegate d) {
        return new DelegateRequest(d.fullName, d.title, d.organization, d.email, d.phone, d.siteId);
    }
}
