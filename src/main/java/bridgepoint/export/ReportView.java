package bridgepoint.export;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What the report template shows, every string ready to print (in NFC): the template only lays it out, so that the
 * HTML page and the PDF say exactly the same.
 */
@TemplateData
record ReportView(
        String title,
        String when,
        String chair,
        String status,
        String description,
        List<SiteRow> sites,
        List<ItemRow> items,
        List<DocumentRow> documents,
        List<AttendanceRow> attendance,
        AttendanceRow totals,
        String awardsSummary,
        List<AwardRow> collectives,
        List<AwardRow> individuals,
        List<AnnouncementRow> announcements,
        String source) {

    @TemplateData
    record SiteRow(String name, String city, String role, List<String> chairs) {}

    @TemplateData
    record ItemRow(
            int position,
            String title,
            String kind,
            String planned,
            String actual,
            String status,
            String speaker,
            String floor) {}

    @TemplateData
    record DocumentRow(String code, String title, String issuer, String issuedOn, String item) {}

    @TemplateData
    record AttendanceRow(String site, String registered, String checkedIn, String reported) {}

    @TemplateData
    record AwardRow(int number, String name, String unit, String award, String site) {}

    @TemplateData
    record AnnouncementRow(String at, String text, String to, String by) {}
}
