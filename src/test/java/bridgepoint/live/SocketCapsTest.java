package bridgepoint.live;

import bridgepoint.support.Api;
import bridgepoint.support.Api.Setup;
import bridgepoint.support.Live;
import bridgepoint.support.LiveClient;
import bridgepoint.support.Management;
import bridgepoint.support.Metrics;
import bridgepoint.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * At most {@code bridgepoint.live.max-sockets-per-token} open streams per token and
 * {@code max-sockets-per-address} per client address on an instance: one more is closed with {@code 4029} as it
 * opens, and a stream that closes makes room. (The test profile's caps are above what any other test opens from the
 * loopback address; these tests reach the address cap from addresses of their own, as a trusted proxy names them.)
 */
@QuarkusTest
class SocketCapsTest {

    @Inject
    AgroalDataSource dataSource;

    private final List<LiveClient> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(LiveClient::close);
        open.clear();
    }

    private static int cap(String key) {
        return ConfigProvider.getConfig().getValue("bridgepoint.live." + key, Integer.class);
    }

    /** A token of the organizer's of its own (another id), as the service would have signed it. */
    private String anotherOrganizerToken() {
        Map<String, Object> claims = Tokens.payload(Api.organizer());
        claims.put("jti", UUID.randomUUID().toString());
        return Tokens.signHs256(claims, Tokens.serviceKey(dataSource));
    }

    private LiveClient opened(String address, String conference, String token) {
        LiveClient client = LiveClient.connectFrom(address, conference, token);
        open.add(client);
        return client;
    }

    private static double overCap(String cap) {
        String metrics = Management.metrics();
        return Metrics.has(metrics, "bridgepoint_live_over_cap_total", "cap=\"" + cap + "\"")
                ? Metrics.value(metrics, "bridgepoint_live_over_cap_total", "cap=\"" + cap + "\"")
                : 0;
    }

    @Test
    void oneSocketMoreThanATokenMayHaveIsClosedWith4029AndAClosedOneMakesRoom() {
        Setup s = Live.liveConference();
        String token = anotherOrganizerToken();
        double before = overCap("token");
        int cap = cap("max-sockets-per-token");
        for (int i = 0; i < cap; i++) {
            // from addresses of their own, so that only the token's cap is in play
            assertEquals(
                    "snapshot",
                    opened(Api.newClientAddress(), s.conference(), token)
                            .next()
                            .get("type")
                            .asText());
        }

        LiveClient tooMany = opened(Api.newClientAddress(), s.conference(), token);
        assertEquals(4029, tooMany.awaitClose());
        assertEquals(List.of(), tooMany.received(), "it got nothing of the stream");
        await().untilAsserted(() -> assertEquals(before + 1, overCap("token")));
        LiveClient another = opened(Api.newClientAddress(), s.conference(), anotherOrganizerToken());
        assertEquals("snapshot", another.next().get("type").asText(), "another token of the same account opens");

        open.get(0).close();
        await("a closed socket made room")
                .until(() ->
                        opened(Api.newClientAddress(), s.conference(), token).admitted());
        assertFalse(open.get(1).isClosed(), "the open ones stay");
    }

    @Test
    void oneSocketMoreThanAnAddressMayHaveIsClosedWith4029AndAClosedOneMakesRoom() {
        Setup s = Live.liveConference();
        String hall = Api.newClientAddress();
        int perToken = cap("max-sockets-per-token");
        int cap = cap("max-sockets-per-address");
        double before = overCap("address");
        String token = null;
        for (int i = 0; i < cap; i++) {
            if (i % perToken == 0) {
                token = anotherOrganizerToken();
            }
            assertEquals(
                    "snapshot",
                    opened(hall, s.conference(), token).next().get("type").asText());
        }

        String fresh = anotherOrganizerToken();
        LiveClient tooMany = opened(hall, s.conference(), fresh);
        assertEquals(4029, tooMany.awaitClose(), "a fresh token from the same address");
        await().untilAsserted(() -> assertEquals(before + 1, overCap("address")));
        assertEquals(
                "snapshot",
                opened(Api.newClientAddress(), s.conference(), fresh)
                        .next()
                        .get("type")
                        .asText(),
                "the same token from another address opens");

        open.get(0).close();
        await("a closed socket made room")
                .until(() -> opened(hall, s.conference(), fresh).admitted());
    }
}
