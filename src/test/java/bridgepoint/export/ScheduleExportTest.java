package bridgepoint.export;

import bridgepoint.support.Api;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.ReferenceConference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code schedule.json} and {@code schedule.xml} in the frab format, validated against the C3VOC JSON Schema (draft-06,
 * with format assertions) and XML Schema (the JDK's validator, no external access), for the reference conference (as
 * held, with actual times) and for an empty agenda.
 */
@QuarkusTest
class ScheduleExportTest extends ClockedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema jsonSchema;
    private static javax.xml.validation.Schema xmlSchema;

    @BeforeAll
    static void loadSchemas() throws Exception {
        try (InputStream in = resource("/frab/schema.json")) {
            jsonSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_6)
                    .getSchema(in);
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try (InputStream in = resource("/frab/schedule.xml.xsd")) {
            xmlSchema = factory.newSchema(new StreamSource(in));
        }
    }

    private static InputStream resource(String path) {
        InputStream in = ScheduleExportTest.class.getResourceAsStream(path);
        assertTrue(in != null, path + " is not on the test classpath");
        return in;
    }

    private static JsonNode validJson(String conferencePath) throws Exception {
        Response r = Api.asOrganizer().get(conferencePath + "/schedule.json");
        r.then().statusCode(200).header("Content-Type", startsWith("application/json"));
        JsonNode schedule = JSON.readTree(r.asByteArray());
        List<Error> errors =
                jsonSchema.validate(schedule, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
        assertEquals(List.of(), errors, r.asString());
        return schedule;
    }

    private static String validXml(String conferencePath) throws Exception {
        Response r = Api.asOrganizer().get(conferencePath + "/schedule.xml");
        r.then().statusCode(200).header("Content-Type", startsWith("application/xml"));
        Validator validator = xmlSchema.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(r.asByteArray())));
        } catch (SAXException e) {
            throw new AssertionError("schedule.xml does not validate: " + e.getMessage() + "\n" + r.asString(), e);
        }
        return r.asString();
    }

    @Test
    void theReferenceConferenceAsHeldValidatesInBothFormats() throws Exception {
        ReferenceConference.Conference ref = ReferenceConference.held(clock);
        JsonNode schedule = validJson(ref.path());
        JsonNode conference = schedule.at("/schedule/conference");
        assertEquals(ReferenceConference.TITLE, conference.get("title").asText());
        assertEquals(
                "hoi_nghi_truc_tuyen_tong_ket_cong_tac",
                conference.get("acronym").asText());
        assertEquals(Api.ZONE, conference.get("time_zone_name").asText());
        assertEquals("2021-12-22T08:00:00+07:00", conference.get("start").asText());
        assertEquals(1, conference.get("daysCount").asInt());
        assertEquals(2, conference.get("rooms").size());
        assertEquals(ref.hostName(), conference.at("/rooms/0/name").asText());
        assertTrue(conference.at("/rooms/1/slug").asText().startsWith("diem-cau-da-nang-"), conference.toString());

        JsonNode day = conference.at("/days/0");
        assertEquals("2021-12-22", day.get("date").asText());
        JsonNode hall = day.get("rooms").get(ref.hostName());
        JsonNode danang = day.get("rooms").get(ref.danangName());
        assertEquals(5, hall.size());
        assertEquals(1, danang.size());
        JsonNode report = hall.get(1);
        assertEquals(ref.itemIds().get(1), report.get("guid").asText());
        // actual times: the report started at 08:12 and ran until the briefing started at 08:45
        assertEquals("2021-12-22T08:12:00+07:00", report.get("date").asText());
        assertEquals("08:12", report.get("start").asText());
        assertEquals("00:33", report.get("duration").asText());
        assertEquals(
                "hoi_nghi_truc_tuyen_tong_ket_cong_tac-2-bao-cao-tong-ket-cong-tac-dan-van-nam-2021",
                report.get("slug").asText());
        JsonNode presentation = danang.get(0);
        assertEquals("Tham luận của điểm cầu Đà Nẵng", presentation.get("title").asText());
        assertEquals("Lê Văn Trung", presentation.at("/persons/0/name").asText());
        assertEquals("vi", presentation.get("language").asText());
        assertTrue(hall.get(2).get("description").asText().contains("23-QĐ/TW"));

        String xml = validXml(ref.path());
        assertTrue(xml.contains("<title>Tham luận của điểm cầu Đà Nẵng</title>"), xml);
        assertTrue(xml.contains("<time_zone_name>Asia/Ho_Chi_Minh</time_zone_name>"), xml);
        assertTrue(xml.contains("<start>08:12</start>"), xml);
    }

    @Test
    void anEmptyAgendaValidatesInBothFormats() throws Exception {
        Api.Setup s = Api.setup();
        JsonNode schedule = validJson(s.path());
        JsonNode day = schedule.at("/schedule/conference/days/0");
        assertEquals(2, day.get("rooms").size());
        day.get("rooms").forEach(room -> assertEquals(0, room.size()));
        validXml(s.path());

        // and a conference without any site yet
        String bare = Api.createConference(Api.freshDay(), "08:00", "09:00");
        validJson("/api/conferences/" + bare);
        validXml("/api/conferences/" + bare);
    }

    @Test
    void theValidatorsRefuseWhatTheFormatsDoNotAllow() throws Exception {
        Api.Setup s = Api.setup();
        Api.addItem(s.conference(), Api.itemBody("Khai mạc"));
        JsonNode schedule = validJson(s.path());
        ObjectNode event = (ObjectNode) schedule.at("/schedule/conference/days/0/rooms")
                .elements()
                .next()
                .get(0);
        event.put("slug", "Khai-Mạc");
        assertFalse(
                jsonSchema
                        .validate(schedule, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)))
                        .isEmpty(),
                "a slug that is not ASCII");

        String xml = validXml(s.path()).replaceFirst("<version>[^<]*</version>", "");
        Validator validator = xmlSchema.newValidator();
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
            throw new AssertionError("a schedule.xml without <version> validated");
        } catch (SAXException expected) {
            // refused, as it should be
        }
    }

    @Test
    void theScheduleHasAnEtagThatChangesWithItAndIsReadByTheConferencesDelegates() {
        Api.Setup s = Api.setup();
        String path = s.path() + "/schedule.json";
        String etag =
                Api.asOrganizer().get(path).then().statusCode(200).extract().header("ETag");
        Api.asOrganizer().header("If-None-Match", etag).get(path).then().statusCode(304);
        Api.addItem(s.conference(), Api.itemBody("Khai mạc"));
        Api.asOrganizer()
                .header("If-None-Match", etag)
                .get(path)
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(etag)));

        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.remote(), "Vũ Thị Mai").get("joinCode"));
        Api.as(delegate).get(s.path() + "/schedule.xml").then().statusCode(200);
        Api.problem(Api.as(delegate).get(Api.setup().path() + "/schedule.json").then(), 403);
        Api.problem(Api.as(Api.siteHost(Api.createSite())).get(path).then(), 403);
        Api.unauthorized(Api.anonymous().get(path).then());
    }
}
