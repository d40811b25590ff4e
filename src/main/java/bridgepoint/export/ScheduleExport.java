package bridgepoint.export;

import bridgepoint.agenda.AgendaStatus;
import bridgepoint.common.Person;
import bridgepoint.conference.ParticipationResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static bridgepoint.common.Text.nfc;

/**
 * The schedule in the frab format that pretalx and the C3VOC tools read ({@code schedule.json}, JSON Schema draft-06,
 * and {@code schedule.xml}): the participating sites are the rooms, each agenda item an event in the room of the site
 * it is given from (the HOST site for items without one), at its slot (actual times where known), with ASCII slugs.
 * Skipped items are left out (nothing happens for a recording team). Every day of the conference is listed, with
 * every room, also when the agenda is empty.
 */
@ApplicationScoped
class ScheduleExport {

    static final String GENERATOR = "Bridgepoint";
    private static final String LANGUAGE = "vi";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A room: a participating site (or, with no site at all, the conference itself). */
    record Room(UUID guid, String name, String slug) {}

    /** An event of the schedule, as both formats write it. */
    record Event(
            int id,
            UUID guid,
            String room,
            String title,
            String subtitle,
            String type,
            ZonedDateTime start,
            ZonedDateTime end,
            String slug,
            String description,
            List<Person> persons,
            String url) {

        String duration() {
            long minutes = Duration.between(start, end).toMinutes();
            return String.format("%02d:%02d", minutes / 60, minutes % 60);
        }
    }

    /** A day of the conference with the events that start on it, by room. */
    record Day(int index, LocalDate date, ZonedDateTime start, ZonedDateTime end, Map<String, List<Event>> rooms) {}

    /** Everything both formats show. */
    record Schedule(
            String version,
            String acronym,
            String title,
            String description,
            ZonedDateTime start,
            ZonedDateTime end,
            String zone,
            List<Room> rooms,
            List<Day> days,
            String url) {}

    Schedule schedule(ConferenceRecord r, URI base) {
        String acronym = acronym(r);
        List<Room> rooms = new ArrayList<>();
        for (ParticipationResponse s : r.sites()) {
            String slug = Slugs.of(s.name(), '-', 60);
            rooms.add(new Room(s.siteId(), nfc(s.name()), slug.length() < 2 ? "room-" + shortId(s.siteId()) : slug));
        }
        if (rooms.isEmpty()) {
            rooms.add(new Room(r.id(), nfc(r.title()), "conference-" + shortId(r.id())));
        }
        String defaultRoom =
                r.host().map(h -> nfc(h.name())).orElse(rooms.get(0).name());
        List<Event> events = new ArrayList<>();
        for (ConferenceRecord.Item item : r.items()) {
            if (item.status() == AgendaStatus.SKIPPED) {
                continue;
            }
            String title = Slugs.of(item.title(), '-', 60);
            events.add(new Event(
                    item.position(),
                    item.id(),
                    item.siteId() == null ? defaultRoom : nfc(r.siteName(item.siteId())),
                    nfc(item.title()),
                    item.speaker() == null ? "" : nfc(AgendaCalendar.person(item.speaker())),
                    item.kind().name().toLowerCase(Locale.ROOT),
                    item.start().atZone(r.zone()),
                    item.end().atZone(r.zone()),
                    acronym + "-" + item.position() + "-" + (title.isEmpty() ? "item" : title),
                    nfc(AgendaCalendar.description(item)),
                    item.speaker() == null ? List.of() : List.of(item.speaker()),
                    base.resolve("api/conferences/" + r.id() + "/agenda/" + item.id())
                            .toString()));
        }
        LocalDate first = r.startsAt().atZone(r.zone()).toLocalDate();
        LocalDate last = r.endsAt().atZone(r.zone()).toLocalDate();
        for (Event e : events) {
            last = e.start().toLocalDate().isAfter(last) ? e.start().toLocalDate() : last;
            first = e.start().toLocalDate().isBefore(first) ? e.start().toLocalDate() : first;
        }
        List<Day> days = new ArrayList<>();
        int index = 1;
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1), index++) {
            ZonedDateTime dayStart =
                    later(date.atStartOfDay(r.zone()), r.startsAt().atZone(r.zone()));
            ZonedDateTime dayEnd =
                    earlier(date.plusDays(1).atStartOfDay(r.zone()), r.endsAt().atZone(r.zone()));
            Map<String, List<Event>> byRoom = new LinkedHashMap<>();
            rooms.forEach(room -> byRoom.put(room.name(), new ArrayList<>()));
            for (Event e : events) {
                if (e.start().toLocalDate().equals(date)) {
                    byRoom.computeIfAbsent(e.room(), k -> new ArrayList<>()).add(e);
                    dayStart = e.start().isBefore(dayStart) ? e.start() : dayStart;
                    dayEnd = e.end().isAfter(dayEnd) ? e.end() : dayEnd;
                }
            }
            byRoom.values().forEach(list -> list.sort(Comparator.comparing(Event::start)));
            if (!dayEnd.isAfter(dayStart)) {
                dayEnd = dayStart.plusMinutes(1);
            }
            days.add(new Day(index, date, dayStart, dayEnd, byRoom));
        }
        return new Schedule(
                version(r),
                acronym,
                nfc(r.title()),
                r.description() == null ? null : nfc(r.description()),
                r.startsAt().atZone(r.zone()),
                r.endsAt().atZone(r.zone()),
                r.zone().getId(),
                rooms,
                days,
                base.resolve("api/conferences/" + r.id() + "/schedule.json").toString());
    }

    byte[] json(Schedule s) {
        ObjectNode conference = JSON.objectNode();
        conference.put("acronym", s.acronym());
        conference.put("title", s.title());
        if (s.description() != null) {
            conference.put("description", s.description());
        }
        conference.put("start", DATE_TIME.format(s.start()));
        conference.put("end", DATE_TIME.format(s.end()));
        conference.put("daysCount", s.days().size());
        conference.put("timeslot_duration", "00:05");
        conference.put("time_zone_name", s.zone());
        conference.put("url", s.url());
        ArrayNode rooms = conference.putArray("rooms");
        for (Room room : s.rooms()) {
            ObjectNode n = rooms.addObject();
            n.put("name", room.name());
            n.put("slug", room.slug());
            n.put("guid", room.guid().toString());
        }
        ArrayNode days = conference.putArray("days");
        for (Day day : s.days()) {
            ObjectNode d = days.addObject();
            d.put("index", day.index());
            d.put("date", day.date().toString());
            d.put("day_start", DATE_TIME.format(day.start()));
            d.put("day_end", DATE_TIME.format(day.end()));
            ObjectNode byRoom = d.putObject("rooms");
            day.rooms().forEach((room, events) -> {
                ArrayNode list = byRoom.putArray(room);
                events.forEach(e -> list.add(json(e)));
            });
        }
        ObjectNode root = JSON.objectNode();
        ObjectNode generator = root.putObject("generator");
        generator.put("name", GENERATOR);
        ObjectNode schedule = root.putObject("schedule");
        schedule.put("version", s.version());
        schedule.set("conference", conference);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode json(Event e) {
        ObjectNode n = JSON.objectNode();
        n.put("id", e.id());
        n.put("guid", e.guid().toString());
        n.put("date", DATE_TIME.format(e.start()));
        n.put("start", HOUR_MINUTE.format(e.start()));
        n.put("end", DATE_TIME.format(e.end()));
        n.put("duration", e.duration());
        n.put("room", e.room());
        n.put("slug", e.slug());
        n.put("url", e.url());
        n.put("title", e.title());
        n.put("subtitle", e.subtitle());
        n.putNull("track");
        n.put("type", e.type());
        n.put("language", LANGUAGE);
        n.put("abstract", "");
        n.put("description", e.description());
        ArrayNode persons = n.putArray("persons");
        for (Person p : e.persons()) {
            ObjectNode person = persons.addObject();
            person.put("name", nfc(p.name()));
            person.put("guid", personGuid(p).toString());
            if (p.title() != null) {
                person.put("biography", nfc(p.title()));
            }
        }
        n.putArray("links");
        return n;
    }

    byte[] xml(Schedule s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("schedule");
            w.writeEmptyElement("generator");
            w.writeAttribute("name", GENERATOR);
            element(w, "version", s.version());
            w.writeStartElement("conference");
            element(w, "title", s.title());
            element(w, "acronym", s.acronym());
            element(w, "start", DATE_TIME.format(s.start()));
            element(w, "end", DATE_TIME.format(s.end()));
            element(w, "days", String.valueOf(s.days().size()));
            element(w, "timeslot_duration", "00:05");
            element(w, "url", s.url().replace("schedule.json", "schedule.xml"));
            element(w, "time_zone_name", s.zone());
            w.writeEndElement();
            Map<String, UUID> roomGuids = new LinkedHashMap<>();
            s.rooms().forEach(room -> roomGuids.put(room.name(), room.guid()));
            for (Day day : s.days()) {
                w.writeStartElement("day");
                w.writeAttribute("index", String.valueOf(day.index()));
                w.writeAttribute("date", day.date().toString());
                w.writeAttribute("start", DATE_TIME.format(day.start()));
                w.writeAttribute("end", DATE_TIME.format(day.end()));
                for (Map.Entry<String, List<Event>> room : day.rooms().entrySet()) {
                    w.writeStartElement("room");
                    w.writeAttribute("name", room.getKey());
                    UUID guid = roomGuids.get(room.getKey());
                    if (guid != null) {
                        w.writeAttribute("guid", guid.toString());
                    }
                    for (Event e : room.getValue()) {
                        xml(w, e);
                    }
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void xml(XMLStreamWriter w, Event e) throws XMLStreamException {
        w.writeStartElement("event");
        w.writeAttribute("id", String.valueOf(e.id()));
        w.writeAttribute("guid", e.guid().toString());
        element(w, "date", DATE_TIME.format(e.start()));
        element(w, "start", HOUR_MINUTE.format(e.start()));
        element(w, "duration", e.duration());
        element(w, "room", e.room());
        element(w, "slug", e.slug());
        element(w, "url", e.url());
        element(w, "title", e.title());
        element(w, "subtitle", e.subtitle());
        element(w, "track", "");
        element(w, "type", e.type());
        element(w, "language", LANGUAGE);
        element(w, "abstract", "");
        element(w, "description", e.description());
        w.writeStartElement("persons");
        for (Person p : e.persons()) {
            w.writeStartElement("person");
            w.writeAttribute("guid", personGuid(p).toString());
            w.writeCharacters(nfc(p.name()));
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEmptyElement("links");
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    /**
     * The conference's acronym: its title in ASCII with underscores (the schema allows no hyphen there), at most 40
     * characters; {@code conference_<id>} when the title gives fewer than 4.
     */
    static String acronym(ConferenceRecord r) {
        String slug = Slugs.of(r.title(), '_', 40);
        return slug.length() >= 4 ? slug : "conference_" + shortId(r.id());
    }

    /** Changes whenever an item is added, changed or removed: the latest revision time and the number of items. */
    private static String version(ConferenceRecord r) {
        Instant latest = r.items().stream()
                .map(ConferenceRecord.Item::revisedAt)
                .max(Comparator.naturalOrder())
                .orElse(r.startsAt());
        return DATE_TIME.format(latest.atZone(r.zone())) + " (" + r.items().size() + ")";
    }

    /** A person's guid, the same in every export: a name-based UUID. */
    private static UUID personGuid(Person p) {
        return UUID.nameUUIDFromBytes(("bridgepoint:person:" + nfc(p.name())).getBytes(StandardCharsets.UTF_8));
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }

    private static ZonedDateTime later(ZonedDateTime a, ZonedDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static ZonedDateTime earlier(ZonedDateTime a, ZonedDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
