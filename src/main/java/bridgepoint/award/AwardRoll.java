package bridgepoint.award;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A conference's whole awards roll: the counts and every entry, collectives first, each in entry order. */
@Schema(name = "AwardRoll")
public record AwardRoll(long collectives, long individuals, List<AwardResponse> items) {}
