package bridgepoint.delegate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(name = "Delegate")
public record DelegateResponse(
        UUID id,
        UUID conferenceId,
        UUID siteId,
        String fullName,
        @Schema(nullable = true) String title,
        @Schema(nullable = true) String organization,
        @Schema(nullable = true) String email,
        @Schema(nullable = true) String phone,

        @Schema(
                nullable = true,
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

    /** As the audit log keeps it: without the join code, a secret that must not outlive its replacement. */
    static DelegateResponse audited(Delegate d) {
        DelegateResponse r = of(d);
        return new DelegateResponse(
                r.id(),
                r.conferenceId(),
                r.siteId(),
                r.fullName(),
                r.title(),
                r.organization(),
                r.email(),
                r.phone(),
                null,
                r.version());
    }

    static DelegateRequest asRequest(Delegate d) {
        return new DelegateRequest(d.fullName, d.title, d.organization, d.email, d.phone, d.siteId);
    }
}
