package bridgepoint.export;

import bridgepoint.common.ApiException;
import bridgepoint.common.Audit;
import bridgepoint.delegate.Delegate;
import bridgepoint.delegate.DelegateService;
import bridgepoint.security.Caller;
import bridgepoint.security.TokenService;
import bridgepoint.security.TokenSubjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The exports of a conference: the agenda as iCalendar, the schedule in the frab formats, the report as HTML and
 * PDF, and the delegates' calendar tokens. Who may read what: the calendar and the schedule, whoever may read the
 * conference (organizers, hosts of its sites, its delegates; the calendar also with a delegate's calendar token);
 * the report, organizers and hosts.
 */
@ApplicationScoped
public class Exports {

    public static final String CALENDAR_TYPE = "text/calendar; charset=utf-8";
    public static final String JSON_TYPE = "application/json; charset=utf-8";
    public static final String XML_TYPE = "application/xml; charset=utf-8";
    public static final String HTML_TYPE = "text/html; charset=utf-8";
    public static final String PDF_TYPE = "application/pdf";

    @Schema(name = "CalendarToken")
    public record CalendarToken(
            @Schema(description = "Read-only: good for this conference's agenda.ics only")
            String token,

            @Schema(description = "The URL to subscribe to in a calendar app (the token is in it)")
            String url,

            long expiresIn) {}

    @Inject
    ConferenceRecords records;

    @Inject
    AgendaCalendar calendar;

    @Inject
    ScheduleExport schedule;

    @Inject
    ConferenceReport report;

    @Inject
    DelegateService delegates;

    @Inject
    TokenService tokens;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    public Exported calendar(UUID conferenceId) {
        return Exported.of(calendar.render(records.schedule(conferenceId)), CALENDAR_TYPE);
    }

    public Exported scheduleJson(UUID conferenceId, URI base) {
        return Exported.of(schedule.json(schedule.schedule(records.schedule(conferenceId), base)), JSON_TYPE);
    }

    public Exported scheduleXml(UUID conferenceId, URI base) {
        return Exported.of(schedule.xml(schedule.schedule(records.schedule(conferenceId), base)), XML_TYPE);
    }

    public Exported reportHtml(UUID conferenceId) {
        return Exported.of(reportSource(conferenceId).getBytes(StandardCharsets.UTF_8), HTML_TYPE);
    }

    /**
     * The report as PDF. Its ETag is the HTML's (the PDF is made from it), so a client that has the current PDF is
     * answered 304 without making it again: {@code ifNoneMatch} is checked before rendering (null bytes then).
     */
    public Exported reportPdf(UUID conferenceId, String ifNoneMatch) {
        String html = reportSource(conferenceId);
        String etag = Exported.etag(html.getBytes(StandardCharsets.UTF_8), "pdf");
        if (Exported.matches(ifNoneMatch, etag)) {
            return new Exported(null, PDF_TYPE, etag);
        }
        return new Exported(report.pdf(etag, html), PDF_TYPE, etag);
    }

    private String reportSource(UUID conferenceId) {
        if (caller.isDelegate()) {
            throw ApiException.forbidden("the report is for organizers and site hosts");
        }
        return report.html(records.full(conferenceId));
    }

    /**
     * A new calendar token for the calling delegate, with its subscription URL. It carries the stamp of the
     * delegate's join code, so a new join code or the delegate's removal revokes it with the delegate's tokens.
     */
    @Transactional
    public CalendarToken calendarToken(UUID conferenceId, URI base) {
        if (!caller.isDelegate() || !conferenceId.equals(caller.delegateConferenceId())) {
            throw ApiException.forbidden("a calendar token is for the conference's own delegates");
        }
        Delegate d = delegates.get(conferenceId, caller.delegateId());
        TokenService.IssuedToken token =
                tokens.issueCalendar(d.id, d.conferenceId, d.siteId, TokenSubjects.stamp(d.joinCode));
        // a token that lasts a year is worth a line in the log (never the token itself)
        audit.record(
                "calendar.token-issued", conferenceId, "delegate", d.id, null, Map.of("expiresIn", token.expiresIn()));
        String url = base.resolve("api/conferences/" + conferenceId + "/agenda.ics?token=" + token.accessToken())
                .toString();
        return new CalendarToken(token.accessToken(), url, token.expiresIn());
    }
}
