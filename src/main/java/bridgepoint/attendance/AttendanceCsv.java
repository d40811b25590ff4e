package bridgepoint.attendance;

import bridgepoint.common.ApiException;
import bridgepoint.common.CsvCells;
import bridgepoint.common.TimeZones;
import bridgepoint.conference.Conference;
import bridgepoint.conference.ConferenceAccess;
import bridgepoint.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * The attendance list as CSV (commons-csv), one row per delegate, for Excel: UTF-8 with a byte-order mark, every cell
 * safe from formula injection ({@link CsvCells}).
 */
@ApplicationScoped
public class AttendanceCsv {

    static final String[] HEADER = {
        "fullName",
        "title",
        "organization",
        "email",
        "phone",
        "assignedSite",
        "checkedInSite",
        "checkedInAt",
        "method",
        "recordedBy",
        "movedFromSite"
    };

    /** As the JSON API writes times: seconds always, fractions without trailing zeros (toString() differs in both). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    public record Export(String fileName, byte[] bytes) {}

    @Inject
    EntityManager em;

    @Inject
    ConferenceAccess access;

    @Inject
    Caller caller;

    @Transactional
    public Export export(UUID conferenceId) {
        Conference c = access.readable(conferenceId);
        if (caller.isDelegate()) {
            throw ApiException.forbidden("delegates cannot export the attendance list");
        }
        String scope = caller.isSiteHost() ? " and (d.site_id = any(?2) or ci.site_id = any(?2))" : "";
        var query = em.createNativeQuery("""
                        select d.full_name, d.title, d.organization, d.email, d.phone, assigned.name,
                               here.name, ci.at, ci.method, ci.recorded_by, moved.name, d.site_id
                        from delegate d
                        join site assigned on assigned.id = d.site_id
                        left join checkin ci on ci.delegate_id = d.id and ci.current
                        left join site here on here.id = ci.site_id
                        left join site moved on moved.id = ci.moved_from_site_id
                        where d.conference_id = ?1""" + scope + " order by assigned.name, d.full_name, d.id")
                .setParameter(1, conferenceId);
        if (caller.isSiteHost()) {
            query.setParameter(2, caller.hostedSites().toArray(new UUID[0]));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            try (CSVPrinter printer = new CSVPrinter(
                    new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    CSVFormat.EXCEL.builder().setHeader(HEADER).get())) {
                for (Object[] r : rows) {
                    // a host sees how to reach the delegates registered at its sites, not those who moved in
                    boolean contact = !caller.isSiteHost() || caller.hostsSite((UUID) r[11]);
                    printer.printRecord(CsvCells.safe(
                            r[0],
                            r[1],
                            r[2],
                            contact ? r[3] : null,
                            contact ? r[4] : null,
                            r[5],
                            r[6],
                            r[7] == null
                                    ? null
                                    : TimeZones.at(AttendanceService.toInstant(r[7]), c.timeZone)
                                            .format(TIME),
                            r[8],
                            r[9],
                            r[10]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Export("attendance-" + conferenceId + ".csv", out.toByteArray());
    }
}
