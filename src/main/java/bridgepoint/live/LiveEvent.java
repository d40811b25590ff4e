package bridgepoint.live;

import bridgepoint.common.TimeZones;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * One stored event of a conference's stream. {@code data} is the event's JSON payload as stored;
 * {@link #toJson} renders the message clients receive, once per event whatever the number of clients.
 */
public record LiveEvent(UUID conferenceId, long seq, String type, Instant at, String data, UUID epoch) {

    public String toJson(String timeZone) {
        StringBuilder sb = new StringBuilder(data.length() + 160);
        sb.append("{\"seq\":")
                .append(seq)
                .append(",\"type\":\"")
                .append(type)
                // as the REST API (Jackson) writes it: OffsetDateTime.toString() would drop ":00" seconds and pad
                // fractions to 3, 6 or 9 digits, so the same event would read differently on GET .../events
                .append("\",\"at\":\"")
                .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(TimeZones.at(at, timeZone)))
                .append("\",\"epoch\":\"")
                .append(epoch)
                .append("\",\"data\":")
                .append(data)
                .append('}');
        return sb.toString();
    }
}
