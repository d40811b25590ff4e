package bridgepoint.common;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Field paths and expectations in problems, the same whether Jackson or Bean Validation rejected the field. */
class JsonProblemsTest {

    enum Role {
        HOST,
        REMOTE
    }

    record Chair(@NotBlank String name, String title) {}

    record Body(
            String title,
            Integer capacity,
            UUID siteId,
            Role role,
            OffsetDateTime startsAt,
            LocalDate issuedOn,
            @Valid List<@NotNull @Valid Chair> chairs) {}

    record Entry(@NotBlank String nonce) {}

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private static JsonMappingException readFailure(String json, Class<?> type) {
        return assertThrows(JsonMappingException.class, () -> JSON.readValue(json, type));
    }

    private static String problemField(String json) {
        Problem p = JsonProblems.fromJson(readFailure(json, Body.class)).toProblem(null);
        return p.errors.get(0).field() + ": " + p.errors.get(0).message();
    }

    @Test
    void jacksonFailuresNameTheFieldWithIndexesAndSayWhatWasExpected() {
        assertEquals("capacity: must be a number", problemField("{\"capacity\":\"many\"}"));
        assertEquals("siteId: must be a UUID", problemField("{\"siteId\":[1]}"));
        assertEquals("role: must be one of [HOST, REMOTE]", problemField("{\"role\":\"GUEST\"}"));
        assertEquals("chairs[1].name: must be a string", problemField("{\"chairs\":[{\"name\":\"a\"},{\"name\":{}}]}"));
        assertEquals(
                "startsAt: must be an ISO-8601 date-time with offset, e.g. 2021-12-22T08:00:00+07:00",
                problemField("{\"startsAt\":true}"));
        assertEquals("issuedOn: must be a date, e.g. 2021-12-22", problemField("{\"issuedOn\":{}}"));
        assertEquals("chairs: must be an array", problemField("{\"chairs\":{}}"));
    }

    @Test
    void aBodyOfTheWrongShapeAsAWholeIsMalformedJson() {
        Problem p = JsonProblems.fromJson(readFailure("[1,2]", Body.class)).toProblem("/api/x");
        assertEquals("urn:bridgepoint:problem:malformed-json", p.type);
        assertEquals(400, p.status);
    }

    @Test
    void listBodiesAreIndexedFromTheTop() {
        JsonMappingException e = readFailure("[{\"nonce\":\"a\"},{\"nonce\":[]}]", Entry[].class);
        assertEquals("[1].nonce", JsonProblems.jsonPath(e));
        Set<ConstraintViolation<Entry>> violations = validator.validate(new Entry(" "));
        assertEquals("nonce", JsonProblems.fieldOf(violations.iterator().next().getPropertyPath()));
    }

    @Test
    void validationPathsMatchJacksonsForNestedListElements() {
        Body body = new Body("t", 1, null, null, null, null, List.of(new Chair("a", null), new Chair("", null)));
        ConstraintViolation<Body> v = validator.validate(body).iterator().next();
        assertEquals("chairs[1].name", JsonProblems.fieldOf(v.getPropertyPath()));
    }

    @Test
    void describesEachKindOfValue() {
        assertEquals("a string", JsonProblems.describe(String.class));
        assertEquals("a number", JsonProblems.describe(int.class));
        assertEquals("true or false", JsonProblems.describe(Boolean.class));
        assertEquals("an array", JsonProblems.describe(String[].class));
        assertEquals("an object", JsonProblems.describe(Chair.class));
        assertEquals(
                MismatchedInputException.class,
                readFailure("{\"title\":[]}", Body.class).getClass());
    }
}
