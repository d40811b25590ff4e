package bridgepoint.export;

import bridgepoint.agenda.AgendaKind;
import bridgepoint.agenda.AgendaStatus;
import bridgepoint.agenda.DocumentRef;
import bridgepoint.attendance.AttendanceService;
import bridgepoint.award.AwardResponse;
import bridgepoint.award.RecipientType;
import bridgepoint.common.Person;
import bridgepoint.conference.ConferenceStatus;
import bridgepoint.conference.ParticipationResponse;
import bridgepoint.conference.SiteRole;
import bridgepoint.export.ReportView.AnnouncementRow;
import bridgepoint.export.ReportView.AttendanceRow;
import bridgepoint.export.ReportView.AwardRow;
import bridgepoint.export.ReportView.DocumentRow;
import bridgepoint.export.ReportView.ItemRow;
import bridgepoint.export.ReportView.SiteRow;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static bridgepoint.common.Text.nfc;

/**
 * The conference's record: one printable, self-contained page (inline styles, no external resource) from one Qute
 * template, given as HTML and as PDF (openhtmltopdf on PDFBox, with DejaVu Sans regular and bold embedded, which
 * cover Vietnamese). Made from a {@link ConferenceRecord} only, so it can be made again at any time, on any
 * instance, with the same content. Labels are Vietnamese, as the conference's own record is.
 */
@ApplicationScoped
class ConferenceReport {

    static final String FONT_FAMILY = "DejaVu Sans";
    private static final String FONTS = "/net/sf/jasperreports/fonts/dejavu/";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy");
    private static final Map<AgendaKind, String> KINDS = Map.of(
            AgendaKind.OPENING, "Khai mạc",
            AgendaKind.REPORT, "Báo cáo",
            AgendaKind.DOCUMENT_BRIEFING, "Quán triệt văn bản",
            AgendaKind.PRESENTATION, "Tham luận",
            AgendaKind.DISCUSSION, "Thảo luận",
            AgendaKind.AWARDS, "Khen thưởng",
            AgendaKind.CLOSING, "Bế mạc",
            AgendaKind.BREAK, "Giải lao",
            AgendaKind.OTHER, "Nội dung khác");
    private static final Map<AgendaStatus, String> ITEM_STATUSES = Map.of(
            AgendaStatus.PLANNED, "Chưa diễn ra",
            AgendaStatus.LIVE, "Đang diễn ra",
            AgendaStatus.DONE, "Đã diễn ra",
            AgendaStatus.SKIPPED, "Bỏ qua");
    private static final Map<ConferenceStatus, String> STATUSES = Map.of(
            ConferenceStatus.DRAFT, "Dự thảo",
            ConferenceStatus.SCHEDULED, "Đã lên lịch",
            ConferenceStatus.LIVE, "Đang diễn ra",
            ConferenceStatus.ENDED, "Đã kết thúc",
            ConferenceStatus.CANCELLED, "Đã hủy");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance report(ReportView r);
    }

    String html(ConferenceRecord r) {
        return Templates.report(view(r)).render();
    }

    /**
     * The PDFs made, by the ETag of the HTML they were made from: a version of the report is rendered once, however
     * many hosts download it (a request for a version being rendered waits for it).
     */
    private final Cache<String, byte[]> pdfs = Caffeine.newBuilder()
            .maximumWeight(32L * 1024 * 1024)
            .<String, byte[]>weigher((etag, bytes) -> bytes.length)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    @Inject
    MeterRegistry registry;

    /** The PDF of this version of the report ({@code etag}: the HTML's), rendered once. */
    byte[] pdf(String etag, String html) {
        return pdfs.get(etag, key -> {
            registry.counter("bridgepoint.reports.rendered").increment();
            return pdf(html);
        });
    }

    /**
     * Renders the HTML to PDF. The page is self-contained: the renderer loads nothing from outside (no URL, no file),
     * whatever the HTML names, so a report can never be made to fetch from the network or read the disk.
     */
    static byte[] pdf(String html) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useUriResolver((base, uri) -> null);
            builder.useExternalResourceAccessControl(
                    (uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl(
                    (uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.useFont(() -> font("DejaVuSans.ttf"), FONT_FAMILY, 400, FontStyle.NORMAL, true);
            builder.useFont(() -> font("DejaVuSans-Bold.ttf"), FONT_FAMILY, 700, FontStyle.NORMAL, true);
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static InputStream font(String file) {
        return Objects.requireNonNull(
                ConferenceReport.class.getResourceAsStream(FONTS + file), "font " + file + " is not on the classpath");
    }

    ReportView view(ConferenceRecord r) {
        ZoneId zone = r.zone();
        String when = "Ngày " + DAY.format(r.startsAt().atZone(zone)) + ", "
                + TIME.format(r.startsAt().atZone(zone)) + "–" + time(r.endsAt(), r) + " (" + zone.getId() + ")";
        StringBuilder status = new StringBuilder("Trạng thái: " + STATUSES.get(r.status()));
        if (r.startedAt() != null) {
            status.append(" · bắt đầu lúc ").append(time(r.startedAt(), r));
        }
        if (r.endedAt() != null) {
            status.append(" · kết thúc lúc ").append(time(r.endedAt(), r));
        }

        List<SiteRow> sites = new ArrayList<>();
        for (ParticipationResponse s : r.sites()) {
            sites.add(new SiteRow(
                    nfc(s.name()),
                    nfc(s.city()),
                    s.role() == SiteRole.HOST ? "Điểm cầu chính" : "Điểm cầu",
                    s.chairs().stream().map(c -> nfc(person(c))).toList()));
        }

        List<ItemRow> items = new ArrayList<>();
        List<DocumentRow> documents = new ArrayList<>();
        for (ConferenceRecord.Item i : r.items()) {
            String planned = i.plannedStart() == null
                    ? i.plannedMinutes() + " phút"
                    : time(i.plannedStart(), r) + "–" + time(i.plannedStart().plusSeconds(60L * i.plannedMinutes()), r);
            String actual = switch (i.status()) {
                case DONE -> time(i.actualStart(), r) + "–" + time(i.actualEnd(), r);
                case LIVE -> "từ " + time(i.actualStart(), r);
                case PLANNED, SKIPPED -> "—";
            };
            String delay = i.delayMinutes() > 0 ? " (hoãn " + i.delayMinutes() + " phút)" : "";
            List<UUID> floorSites = i.floor().isEmpty() && i.siteId() != null ? List.of(i.siteId()) : i.floor();
            String floor = String.join(
                    " → ",
                    floorSites.stream()
                            .map(r::siteName)
                            .filter(Objects::nonNull)
                            .toList());
            items.add(new ItemRow(
                    i.position(),
                    nfc(i.title()),
                    KINDS.get(i.kind()),
                    planned,
                    actual,
                    ITEM_STATUSES.get(i.status()) + delay,
                    i.speaker() == null ? "" : nfc(person(i.speaker())),
                    nfc(floor)));
            for (DocumentRef d : i.documents()) {
                documents.add(new DocumentRow(
                        nfc(d.code()),
                        nfc(d.title()),
                        nfc(Objects.toString(d.issuer(), "")),
                        d.issuedOn() == null ? "" : DAY.format(d.issuedOn()),
                        i.position() + ". " + nfc(i.title())));
            }
        }

        List<AttendanceRow> attendance = new ArrayList<>();
        AttendanceService.Numbers numbers = r.attendance();
        for (AttendanceService.SiteNumbers n : numbers.sites()) {
            attendance.add(new AttendanceRow(
                    nfc(n.name()),
                    String.valueOf(n.registered()),
                    String.valueOf(n.checkedIn()),
                    n.reportedPresent() == null
                            ? "—"
                            : n.reportedPresent() + " (" + time(n.reportedAt().toInstant(), r) + ")"));
        }
        AttendanceService.Totals t = numbers.totals();
        AttendanceRow totals = new AttendanceRow(
                "Tổng cộng (" + t.sites() + " điểm cầu)",
                String.valueOf(t.registered()),
                String.valueOf(t.checkedIn()),
                t.reportedPresent() == null
                        ? "—"
                        : t.reportedPresent() + " (" + t.sitesReported() + "/" + t.sites() + " điểm cầu)");

        List<AwardRow> collectives = new ArrayList<>();
        List<AwardRow> individuals = new ArrayList<>();
        for (AwardResponse a : r.awards().items()) {
            List<AwardRow> list = a.recipientType() == RecipientType.COLLECTIVE ? collectives : individuals;
            list.add(new AwardRow(
                    list.size() + 1,
                    nfc(a.name()),
                    nfc(Objects.toString(a.unit(), "")),
                    nfc(a.award()),
                    nfc(Objects.toString(r.siteName(a.siteId()), ""))));
        }
        String awardsSummary = r.awards().items().isEmpty()
                ? "Không có."
                : "Khen thưởng " + r.awards().collectives() + " tập thể và "
                        + r.awards().individuals() + " cá nhân.";

        List<AnnouncementRow> announcements = new ArrayList<>();
        for (ConferenceRecord.Announcement a : r.announcements()) {
            announcements.add(new AnnouncementRow(
                    DAY_TIME.format(a.at().atZone(zone)),
                    nfc(a.text()),
                    a.siteId() == null ? "Tất cả điểm cầu" : nfc(Objects.toString(r.siteName(a.siteId()), "")),
                    nfc(Objects.toString(a.by(), ""))));
        }

        return new ReportView(
                nfc(r.title()),
                when,
                r.chair() == null ? null : nfc(personTitleFirst(r.chair())),
                status.toString(),
                r.description() == null ? null : nfc(r.description()),
                sites,
                items,
                documents,
                attendance,
                totals,
                awardsSummary,
                collectives,
                individuals,
                announcements,
                "Lập từ dữ liệu lưu trữ của Bridgepoint, đến sự kiện số " + r.seq() + " của hội nghị " + r.id() + ".");
    }

    private static String time(Instant at, ConferenceRecord r) {
        return at == null ? "?" : TIME.format(at.atZone(r.zone()));
    }

    /** "Lê Văn Trung, Trưởng Ban Dân vận Thành ủy". */
    private static String person(Person p) {
        return p.title() == null || p.title().isBlank() ? p.name() : p.name() + ", " + p.title();
    }

    /** "Trung tướng Trần Quốc Tỏ": a chair's rank or office before the name, as the programme prints it. */
    private static String personTitleFirst(Person p) {
        return p.title() == null || p.title().isBlank() ? p.name() : p.title() + " " + p.name();
    }
}
