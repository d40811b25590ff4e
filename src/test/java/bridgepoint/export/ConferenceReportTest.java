package bridgepoint.export;

import bridgepoint.support.Api;
import bridgepoint.support.ClockedTest;
import bridgepoint.support.Management;
import bridgepoint.support.ReferenceConference;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conference's record: the reference conference as held, as HTML and as PDF. The PDF's text (PDFBox) holds the
 * conference's facts with their diacritics, every font is embedded, and its first page is rendered to
 * {@code target/report-page-1.png} for a look.
 */
@QuarkusTest
class ConferenceReportTest extends ClockedTest {

    private static final List<String> FACTS = List.of(
            ReferenceConference.TITLE,
            "Trung tướng Trần Quốc Tỏ",
            "Điểm cầu Đà Nẵng",
            "Lê Văn Trung, Trưởng Ban Dân vận Thành ủy",
            "Trần Mưu, Đại tá, Phó Giám đốc Công an TP Đà Nẵng",
            "Khai mạc hội nghị",
            "08:12–08:45",
            "23-QĐ/TW",
            "Quy định về công tác dân vận của hệ thống chính trị",
            "33/CT-TTg",
            "Khen thưởng 85 tập thể và 93 cá nhân.",
            "Phòng Công tác đảng số 85",
            "Đồng chí Nguyễn Văn 93",
            "Đề nghị các điểm cầu kiểm tra âm thanh.",
            "Phát biểu kết luận, bế mạc hội nghị");

    @Test
    void thePdfHoldsTheReferenceConferenceWithDiacriticsIntactAndEveryFontEmbedded() throws Exception {
        ReferenceConference.Conference ref = ReferenceConference.held(clock);
        Response r = Api.asOrganizer().get(ref.path() + "/report.pdf");
        r.then().statusCode(200).header("Content-Type", startsWith("application/pdf"));
        byte[] pdf = r.asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // as read, lines joined: a cell's text may wrap
            String text = Normalizer.normalize(new PDFTextStripper().getText(doc), Normalizer.Form.NFC)
                    .replaceAll("\\s+", " ");
            for (String fact : FACTS) {
                assertTrue(text.contains(fact), "the PDF lacks \"" + fact + "\":\n" + text);
            }
            assertTrue(text.contains(ref.danangName()), text);
            // attendance: 2 registered at Đà Nẵng, 1 checked in, 118 reported; totals 3 / 2 / 403
            assertTrue(text.contains("118 (08:00)"), text);
            assertTrue(text.contains("403 (2/2 điểm cầu)"), text);
            // who had the floor: the Đà Nẵng presentation was given from there
            assertTrue(text.contains("Lê Văn Trung, Trưởng Ban Dân vận Thành ủy " + ref.danangName()), text);
            assertFalse(text.contains("#"), "a glyph fell back to a built-in font");

            int fonts = 0;
            for (PDPage page : doc.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertTrue(font.isEmbedded(), font.getName() + " is not embedded");
                    assertTrue(font.getName().contains("DejaVuSans"), font.getName());
                    fonts++;
                }
            }
            assertTrue(fonts >= 2, "regular and bold");
            assertTrue(doc.getNumberOfPages() >= 3, "the whole awards roll is in it");

            BufferedImage first = new PDFRenderer(doc).renderImageWithDPI(0, 110);
            Path png = Path.of("target", "report-page-1.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(first, "png", png.toFile());
            assertTrue(Files.size(png) > 10_000);
        }
    }

    @Test
    void theHtmlIsOneSelfContainedPageThatIsTheSameWhenReadAgain() {
        ReferenceConference.Conference ref = ReferenceConference.held(clock);
        clock.reset(); // a later reading, at another time
        Response first = Api.asOrganizer().get(ref.path() + "/report.html");
        first.then().statusCode(200).header("Content-Type", startsWith("text/html"));
        String html = first.asString();
        assertTrue(html.contains("Trần Quốc Tỏ"));
        assertTrue(html.contains(ref.danangName()));
        assertFalse(html.contains("<link"), "no external stylesheet");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("src="), "no external resource");
        assertTrue(Normalizer.isNormalized(html, Normalizer.Form.NFC));

        Response again = Api.asOrganizer().get(ref.path() + "/report.html");
        assertEquals(html, again.asString());
        assertEquals(first.header("ETag"), again.header("ETag"));
        Api.asOrganizer()
                .header("If-None-Match", first.header("ETag"))
                .get(ref.path() + "/report.html")
                .then()
                .statusCode(304);
        String pdfTag = Api.asOrganizer()
                .get(ref.path() + "/report.pdf")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        Api.asOrganizer()
                .header("If-None-Match", pdfTag)
                .get(ref.path() + "/report.pdf")
                .then()
                .statusCode(304)
                .header("ETag", equalTo(pdfTag));
    }

    @Test
    void aVersionOfThePdfIsRenderedOnceHoweverManyDownloadIt() {
        Api.Setup s = Api.setup();
        String host = Api.siteHost(s.remote());
        double before = Management.metric("bridgepoint_reports_rendered_total");
        byte[] first = Api.asOrganizer()
                .get(s.path() + "/report.pdf")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        for (int i = 0; i < 3; i++) {
            byte[] again = Api.as(i % 2 == 0 ? host : Api.organizer())
                    .get(s.path() + "/report.pdf")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            assertTrue(java.util.Arrays.equals(first, again), "the same version, the same bytes");
        }
        assertEquals(1, Management.metric("bridgepoint_reports_rendered_total") - before, 0.0);

        // a change makes a new version, rendered once in its turn
        Api.asOrganizer()
                .body(java.util.Map.of("title", "Hội nghị đã đổi tên " + Api.unique()))
                .patch(s.path())
                .then()
                .statusCode(200);
        Api.asOrganizer().get(s.path() + "/report.pdf").then().statusCode(200);
        Api.as(host).get(s.path() + "/report.pdf").then().statusCode(200);
        assertEquals(2, Management.metric("bridgepoint_reports_rendered_total") - before, 0.0);
    }

    @Test
    void organizersAndHostsReadTheReportDelegatesDoNot() {
        Api.Setup s = Api.setup();
        Api.as(Api.siteHost(s.remote())).get(s.path() + "/report.html").then().statusCode(200);
        String delegate = Api.join((String)
                Api.createDelegate(s.conference(), s.remote(), "Lý Thị Hoa").get("joinCode"));
        Api.problem(Api.as(delegate).get(s.path() + "/report.html").then(), 403);
        Api.problem(Api.as(delegate).get(s.path() + "/report.pdf").then(), 403);
        Api.problem(
                Api.as(Api.siteHost(Api.createSite()))
                        .get(s.path() + "/report.pdf")
                        .then(),
                403);
        Api.unauthorized(Api.anonymous().get(s.path() + "/report.pdf").then());
        Api.problem(
                Api.asOrganizer()
                        .get("/api/conferences/" + UUID.randomUUID() + "/report.html")
                        .then(),
                404);
    }
}
