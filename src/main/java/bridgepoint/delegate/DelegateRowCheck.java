package bridgepoint.delegate;

import bridgepoint.common.CsvUpload.Row;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks the rows of a delegate import, in file order, with the rules of a single delegate: a site of the conference
 * (by name, ignoring case, or by id), a name, valid fields, and an e-mail that no delegate of the conference nor an
 * earlier row of the file has (ignoring case).
 */
final class DelegateRowCheck {

    sealed interface RowResult permits Accepted, Rejected {}

    /** A good row, ready to insert. */
    record Accepted(int row, DelegateRequest delegate) implements RowResult {}

    record Rejected(int row, String message) implements RowResult {

        ImportError error() {
            return new ImportError(row, message);
        }
    }

    private final Validator validator;
    private final Map<String, UUID> sites = new HashMap<>();
    private final Set<String> emails;

    /**
     * @param sites the conference's sites, by id, with their names
     * @param takenEmails the e-mails of the conference's delegates, lower-cased
     */
    DelegateRowCheck(Validator validator, Map<UUID, String> sites, Collection<String> takenEmails) {
        this.validator = validator;
        sites.forEach((id, name) -> {
            this.sites.put(id.toString(), id);
            this.sites.put(name.toLowerCase(Locale.ROOT), id);
        });
        this.emails = new HashSet<>(takenEmails);
    }

    /** The row's result; an accepted row's e-mail counts as taken for the rows after it. */
    RowResult check(Row row) {
        String unstorable = row.problem();
        if (unstorable != null) {
            return new Rejected(row.number(), unstorable);
        }
        String siteValue = row.value("site");
        if (siteValue == null) {
            return new Rejected(row.number(), "missing site");
        }
        UUID siteId = sites.get(siteValue.toLowerCase(Locale.ROOT));
        if (siteId == null) {
            return new Rejected(row.number(), "unknown site '" + siteValue + "' (not a site of this conference)");
        }
        DelegateRequest delegate = new DelegateRequest(
                row.value("fullName"),
                row.value("title"),
                row.value("organization"),
                row.value("email"),
                row.value("phone"),
                siteId);
        if (delegate.fullName() == null) {
            return new Rejected(row.number(), "missing name (fullName)");
        }
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<DelegateRequest> v : validator.validate(delegate)) {
            String field = v.getPropertyPath().toString();
            problems.add(
                    ("phone".equals(field) ? "bad phone '" + delegate.phone() + "': " : field + ": ") + v.getMessage());
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.naturalOrder());
            return new Rejected(row.number(), String.join("; ", problems));
        }
        if (delegate.email() != null && !emails.add(delegate.email().toLowerCase(Locale.ROOT))) {
            return new Rejected(row.number(), "duplicate email " + delegate.email());
        }
        return new Accepted(row.number(), delegate);
    }
}
