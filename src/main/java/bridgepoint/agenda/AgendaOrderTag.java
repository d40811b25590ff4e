package bridgepoint.agenda;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The entity tag of an agenda's order: a digest of its item ids in order. It changes when an item is added, removed
 * or moved, and only then, so a client reordering the agenda it saw ({@code PUT …/agenda/order} with {@code If-Match})
 * cannot overwrite an order it has not seen; editing or running an item leaves it as it is.
 */
final class AgendaOrderTag {

    private AgendaOrderTag() {}

    static String of(List<UUID> itemIds) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        for (UUID id : itemIds) {
            digest.update(id.toString().getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ',');
        }
        // 64 bits tell orders apart well enough; "o" keeps it apart from the version tags of single resources
        return "o" + HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
