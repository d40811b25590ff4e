package bridgepoint.common;

import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import javax.transaction.xa.XAException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which database failures answer 503 (retry) rather than 500. */
class ProblemMapperTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void aCommitThatLostItsConnectionIsUnavailableNotAnInternalError() {
        // as Narayana reports it: the driver's error is a suppressed exception of the RollbackException
        RollbackException commit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(
                new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE));
        commit.addSuppressed(xa);

        Response r = mapper.other(new IllegalStateException("Error invoking subclass method", commit), null, null);
        assertEquals(503, r.getStatus());
        assertEquals("2", r.getHeaderString("Retry-After"));
    }

    @Test
    void serverShutdownAndStartUpAreUnavailable() {
        for (String state : new String[] {"08006", "08001", "57P01", "57P02", "57P03", "25006"}) {
            assertTrue(ProblemMapper.databaseUnavailable(state), state);
            Response r = mapper.other(new IllegalStateException(new SQLException("gone", state)), null, null);
            assertEquals(503, r.getStatus(), state);
        }
    }

    @Test
    void otherFailuresAreInternalErrors() {
        Response r = mapper.other(new RollbackException("constraint"), null, null);
        assertEquals(500, r.getStatus());
        assertTrue(!ProblemMapper.databaseUnavailable("23505") && !ProblemMapper.databaseUnavailable(null));
    }
}
