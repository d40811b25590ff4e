package bridgepoint.award;

import bridgepoint.common.CsvUpload.Row;
import bridgepoint.common.Text;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Checks the rows of an awards import with the rules of a single award: a recipient type ({@code COLLECTIVE} or
 * {@code INDIVIDUAL} in any case, or the Vietnamese {@code tập thể} / {@code cá nhân}), a name, an award, valid
 * lengths, and, when given, a site of the conference (by name, ignoring case, or by id).
 */
final class AwardRowCheck {

    sealed interface RowResult permits Accepted, Rejected {}

    record Accepted(int row, AwardRequest award) implements RowResult {}

    record Rejected(int row, String message) implements RowResult {}

    private static final Map<String, RecipientType> TYPES = Map.of(
            "collective", RecipientType.COLLECTIVE,
            "tập thể", RecipientType.COLLECTIVE,
            "individual", RecipientType.INDIVIDUAL,
            "cá nhân", RecipientType.INDIVIDUAL);

    private final Validator validator;
    private final Map<String, UUID> sites = new HashMap<>();

    /** @param sites the conference's sites, by id, with their names */
    AwardRowCheck(Validator validator, Map<UUID, String> sites) {
        this.validator = validator;
        sites.forEach((id, name) -> {
            this.sites.put(id.toString(), id);
            this.sites.put(Text.nfc(name).toLowerCase(Locale.ROOT), id);
        });
    }

    RowResult check(Row row) {
        String typeValue = row.value("recipientType");
        if (typeValue == null) {
            return new Rejected(row.number(), "missing recipientType (COLLECTIVE or INDIVIDUAL)");
        }
        RecipientType type = TYPES.get(Text.nfc(typeValue).toLowerCase(Locale.ROOT));
        if (type == null) {
            return new Rejected(row.number(), "unknown recipientType '" + typeValue + "' (COLLECTIVE or INDIVIDUAL)");
        }
        UUID siteId = null;
        String siteValue = row.value("site");
        if (siteValue != null) {
            siteId = sites.get(Text.nfc(siteValue).toLowerCase(Locale.ROOT));
            if (siteId == null) {
                return new Rejected(row.number(), "unknown site '" + siteValue + "' (not a site of this conference)");
            }
        }
        AwardRequest award = new AwardRequest(type, row.value("name"), row.value("unit"), row.value("award"), siteId);
        if (award.name() == null) {
            return new Rejected(row.number(), "missing name");
        }
        if (award.award() == null) {
            return new Rejected(row.number(), "missing award");
        }
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<AwardRequest> v : validator.validate(award)) {
            problems.add(v.getPropertyPath() + ": " + v.getMessage());
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.naturalOrder());
            return new Rejected(row.number(), String.join("; ", problems));
        }
        return new Accepted(row.number(), award);
    }
}
