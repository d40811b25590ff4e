package bridgepoint.delegate;

import java.util.UUID;

/** The delegates of a conference changed (added, moved, removed, imported): its registered counts changed. */
public record DelegatesChanged(UUID conferenceId) {
}
