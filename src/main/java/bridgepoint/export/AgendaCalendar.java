package bridgepoint.export;

import bridgepoint.agenda.AgendaStatus;
import bridgepoint.agenda.DocumentRef;
import bridgepoint.common.Person;
import bridgepoint.conference.ConferenceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static bridgepoint.common.Text.nfc;

/**
 * The agenda as an iCalendar (RFC 5545) with ical4j, time-zone data from its jar (no updates: see
 * {@code ical4j.properties}). One {@code VEVENT} per item, in the conference's time zone (with its {@code VTIMEZONE}):
 * {@code UID} the item's id, {@code SEQUENCE} its calendar revision (from 0), {@code DTSTAMP} and
 * {@code LAST-MODIFIED} when that revision was made, its slot (actual times where known), {@code LOCATION} the site
 * it is given from (the HOST site for items without one), {@code DESCRIPTION} the speaker and documents, and
 * {@code STATUS:CANCELLED} for a skipped item or a cancelled conference. Nothing depends on the time of the request,
 * so the same agenda gives the same bytes.
 */
@ApplicationScoped
class AgendaCalendar {

    static final String PRODUCT = "-//Bridgepoint//Agenda//VI";
    static final String UID_DOMAIN = "@bridgepoint";
    private static final Duration REFRESH = Duration.ofMinutes(15);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();

    byte[] render(ConferenceRecord r) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(new XProperty("X-WR-CALNAME", nfc(r.title())));
        if (r.description() != null) {
            calendar.add(new XProperty("X-WR-CALDESC", nfc(r.description())));
        }
        calendar.add(new XProperty("X-WR-TIMEZONE", r.zone().getId()));
        calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), REFRESH));
        calendar.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
        TimeZone zone = zones.getTimeZone(r.zone().getId());
        if (zone != null) {
            calendar.add(zone.getVTimeZone());
        }
        String hostName = r.host().map(h -> h.name()).orElse(null);
        for (ConferenceRecord.Item item : r.items()) {
            VEvent event = new VEvent(item.start().atZone(r.zone()), item.end().atZone(r.zone()), nfc(item.title()));
            event.replace(new DtStamp(item.revisedAt()));
            event.add(new Uid(item.id() + UID_DOMAIN));
            event.add(new Sequence(Math.max(0, item.revision() - 1)));
            event.add(new LastModified(item.revisedAt()));
            boolean cancelled = item.status() == AgendaStatus.SKIPPED || r.status() == ConferenceStatus.CANCELLED;
            event.add(new Status(cancelled ? Status.VALUE_CANCELLED : Status.VALUE_CONFIRMED));
            String site = item.siteId() != null ? r.siteName(item.siteId()) : hostName;
            if (site != null) {
                event.add(new Location(nfc(site)));
            }
            String description = description(item);
            if (!description.isEmpty()) {
                event.add(new Description(nfc(description)));
            }
            event.add(new Categories(item.kind().name()));
            calendar.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The speaker and the documents, one a line. */
    static String description(ConferenceRecord.Item item) {
        List<String> lines = new ArrayList<>();
        if (item.speaker() != null) {
            lines.add("Người phát biểu: " + person(item.speaker()));
        }
        if (!item.documents().isEmpty()) {
            lines.add("Văn bản:");
            for (DocumentRef d : item.documents()) {
                lines.add("- " + document(d));
            }
        }
        return String.join("\n", lines);
    }

    /** "Lê Văn Trung (Trưởng Ban Dân vận Thành ủy)": the name, then the title if there is one. */
    static String person(Person p) {
        return p.title() == null || p.title().isBlank() ? p.name() : p.name() + " (" + p.title() + ")";
    }

    /** "23-QĐ/TW: Quy định … (Ban Chấp hành Trung ương, 30/07/2021)". */
    static String document(DocumentRef d) {
        List<String> about = new ArrayList<>();
        if (d.issuer() != null && !d.issuer().isBlank()) {
            about.add(d.issuer());
        }
        if (d.issuedOn() != null) {
            about.add(DAY.format(d.issuedOn()));
        }
        return d.code() + ": " + d.title() + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")");
    }
}
