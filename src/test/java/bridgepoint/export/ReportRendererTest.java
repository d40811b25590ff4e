package bridgepoint.export;

import com.sun.net.httpserver.HttpServer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PDF renderer loads nothing from outside, whatever the HTML names (no Quarkus: the renderer alone). */
class ReportRendererTest {

    @Test
    void imagesStylesheetsAndFontsNamedByTheHtmlAreNotFetched() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String outside = "http://127.0.0.1:" + server.getAddress().getPort();
            String html = "<html><head>"
                    + "<link rel=\"stylesheet\" href=\"" + outside + "/style.css\"/>"
                    + "<style>@import url(\"" + outside + "/imported.css\"); "
                    + "@font-face { font-family: X; src: url(\"" + outside + "/font.ttf\"); } "
                    + "body { background-image: url(\"" + outside + "/background.png\"); }</style>"
                    + "</head><body><p>Hoi nghi tong ket</p>"
                    + "<img src=\"" + outside + "/image.png\"/><img src=\"file:///etc/passwd\"/>"
                    + "</body></html>";

            byte[] pdf = ConferenceReport.pdf(html);

            assertEquals(0, requests.get(), "the renderer fetched from outside");
            try (var document = Loader.loadPDF(pdf)) {
                assertTrue(new PDFTextStripper().getText(document).contains("Hoi nghi tong ket"));
            }
        } finally {
            server.stop(0);
        }
    }
}
