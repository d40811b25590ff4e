package bridgepoint.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestLogContextTest {

    private static final String ID = "6f1c0b5e-2a8e-4f31-9d0a-3c7e5b2a1d90";

    @Test
    void theConferenceOfAPath() {
        assertEquals(ID, RequestLogContext.conferenceId("/api/conferences/" + ID));
        assertEquals(ID, RequestLogContext.conferenceId("/api/conferences/" + ID + "/agenda/x/start"));
        assertEquals(ID, RequestLogContext.conferenceId("/ws/conferences/" + ID.toUpperCase()));
        assertNull(RequestLogContext.conferenceId("/api/conferences"));
        assertNull(RequestLogContext.conferenceId("/api/conferences/not-a-uuid/agenda"));
        assertNull(RequestLogContext.conferenceId("/api/sites/" + ID));
        assertNull(RequestLogContext.conferenceId(null));
    }

    @Test
    void aPlausibleRequestIdIsKeptAnythingElseReplaced() {
        assertEquals(
                "0123456789abcdef0123456789abcdef", RequestLogContext.requestId("0123456789abcdef0123456789abcdef"));
        assertEquals(ID, RequestLogContext.requestId(ID));
        for (String bad : new String[] {null, "", "short", "a b c d e f g h", "x".repeat(65), "abc\ndef-ghijk"}) {
            String id = RequestLogContext.requestId(bad);
            assertNotEquals(bad, id);
            assertEquals(32, id.length());
        }
    }
}
