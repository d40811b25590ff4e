package bridgepoint.common;

import java.util.UUID;

/**
 * A CDI event fired, inside the transaction, when a conference's delegates were added, moved to another site or
 * removed: the attendance roll-up (its {@code registered} counts) changed without a check-in.
 */
public record DelegatesChanged(UUID conferenceId) {}
