package bridgepoint.delegate;

import bridgepoint.common.CsvUpload;
import bridgepoint.delegate.DelegateRowCheck.Accepted;
import bridgepoint.delegate.DelegateRowCheck.Rejected;
import bridgepoint.delegate.DelegateRowCheck.RowResult;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Import rows checked with the rules of a single delegate, outside Quarkus (Hibernate Validator on its own). */
class DelegateRowCheckTest {

    private static final String HEADER = "fullName,title,organization,email,phone,site";
    private static final UUID HANOI = UUID.fromString("0b7c2a8e-5d1f-4c1e-9a57-3f1f0f6e2d11");
    private static final UUID DANANG = UUID.fromString("5e0d8b7a-2c4f-4a9e-8b1d-7f6a3c2e1d00");
    // English messages whatever the machine's locale; no expression language needed for the constraints used
    private static final ValidatorFactory VALIDATION = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator(Set.of(Locale.ENGLISH), Locale.ENGLISH, false))
            .buildValidatorFactory();
    private static final Validator VALIDATOR = VALIDATION.getValidator();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private static DelegateRowCheck check(String... takenEmails) {
        Map<UUID, String> sites = new LinkedHashMap<>();
        sites.put(HANOI, "Điểm cầu Hà Nội");
        sites.put(DANANG, "Điểm cầu Đà Nẵng");
        return new DelegateRowCheck(VALIDATOR, sites, List.of(takenEmails));
    }

    /** The results of the rows below the header, in file order. */
    private static List<RowResult> results(DelegateRowCheck check, String... rows) {
        return CsvUpload.rows(
                        HEADER + "\n" + String.join("\n", rows) + "\n",
                        List.of("fullName", "site"),
                        List.of(HEADER.split(",")))
                .stream()
                .map(check::check)
                .toList();
    }

    private static RowResult result(String row) {
        return results(check(), row).get(0);
    }

    @Test
    void aGoodRowIsAcceptedWithItsSiteAndItsCellsStripped() {
        assertEquals(
                new Accepted(
                        2,
                        new DelegateRequest(
                                "Trần Quốc Tỏ",
                                "Trung tướng, Bộ trưởng",
                                "Bộ Công an",
                                "to@bocongan.gov.vn",
                                "+84 24 3822 6602",
                                HANOI)),
                result("  Trần Quốc Tỏ ,\"Trung tướng, Bộ trưởng\",Bộ Công an,to@bocongan.gov.vn,+84 24 3822 6602,"
                        + "Điểm cầu Hà Nội"));
        assertEquals(
                new Accepted(2, new DelegateRequest("Lê Thị Thu Hà", null, null, null, null, DANANG)),
                result("Lê Thị Thu Hà,,, ,,Điểm cầu Đà Nẵng"));
    }

    @Test
    void theSiteIsANameIgnoringCaseOrAnId() {
        List<RowResult> results = results(
                check(),
                "Trần Quốc Tỏ,,,,,ĐIỂM CẦU HÀ NỘI",
                "Lê Thị Thu Hà,,,,,điểm cầu đà nẵng",
                "Phạm Đức Thắng,,,,," + DANANG,
                "Nguyễn Văn Hùng,,,,," + HANOI.toString().toUpperCase(Locale.ROOT));

        assertEquals(
                List.of(HANOI, DANANG, DANANG, HANOI),
                results.stream().map(r -> ((Accepted) r).delegate().siteId()).toList());
    }

    @Test
    void aRowWithoutASiteIsRejectedFirst() {
        assertEquals(new Rejected(2, "missing site"), result("Trần Quốc Tỏ,,,,,"));
        assertEquals(new Rejected(2, "missing site"), result(",,,not-an-email,0905-abc,  "));
    }

    @Test
    void aSiteThatIsNotTheConferencesIsUnknown() {
        assertEquals(
                new Rejected(2, "unknown site 'Điểm cầu Cần Thơ' (not a site of this conference)"),
                result("Phạm Đức Thắng,,,,,Điểm cầu Cần Thơ"));
        UUID other = UUID.fromString("9d2b1f3e-0000-4000-8000-000000000001");
        assertEquals(
                new Rejected(2, "unknown site '" + other + "' (not a site of this conference)"),
                result("Phạm Đức Thắng,,,,," + other));
    }

    @Test
    void aRowWithoutANameIsRejected() {
        assertEquals(new Rejected(2, "missing name (fullName)"), result(",Chuyên viên,Văn phòng,,,Điểm cầu Hà Nội"));
        assertEquals(new Rejected(2, "missing name (fullName)"), result("   ,,,,,Điểm cầu Hà Nội"));
    }

    @Test
    void aBadPhoneIsQuoted() {
        assertEquals(
                new Rejected(
                        2, "bad phone '0905-abc': must be a phone number: digits, spaces, + - ( ) . ; 6 to 20 digits"),
                result("Võ Văn Sai,,,,0905-abc,Điểm cầu Hà Nội"));
    }

    @Test
    void invalidFieldsAreListedSortedAsFieldColonMessage() {
        String title = "T".repeat(201);

        assertEquals(
                new Rejected(2, "email: must be a well-formed email address"),
                result("Đặng Thị Đào,,,not-an-email,,Điểm cầu Đà Nẵng"));
        assertEquals(
                new Rejected(
                        2,
                        "bad phone '12': must be a phone number: digits, spaces, + - ( ) . ; 6 to 20 digits; "
                                + "email: must be a well-formed email address; title: size must be between 0 and 200"),
                result("Đặng Thị Đào," + title + ",,not-an-email,12,Điểm cầu Đà Nẵng"));
    }

    @Test
    void anEmailTakenByADelegateOrAnEarlierRowIsADuplicateIgnoringCase() {
        List<RowResult> results = results(
                check("existing@danang.gov.vn"),
                "Trần Quốc Tỏ,,,to@bocongan.gov.vn,,Điểm cầu Hà Nội",
                "Trần Văn Trùng,,,TO@BOCONGAN.gov.vn,,Điểm cầu Hà Nội",
                "Lê Văn Cũ,,,Existing@danang.gov.vn,,Điểm cầu Hà Nội",
                "Lê Thị Thu Hà,,,,,Điểm cầu Đà Nẵng",
                "Huỳnh Thành Đạt,,,,,Điểm cầu Đà Nẵng");

        assertEquals(
                List.of(
                        new Accepted(
                                2, new DelegateRequest("Trần Quốc Tỏ", null, null, "to@bocongan.gov.vn", null, HANOI)),
                        new Rejected(3, "duplicate email TO@BOCONGAN.gov.vn"),
                        new Rejected(4, "duplicate email Existing@danang.gov.vn"),
                        new Accepted(5, new DelegateRequest("Lê Thị Thu Hà", null, null, null, null, DANANG)),
                        new Accepted(6, new DelegateRequest("Huỳnh Thành Đạt", null, null, null, null, DANANG))),
                results);
    }

    @Test
    void aRejectedRowDoesNotTakeItsEmail() {
        List<RowResult> results = results(
                check(),
                "Võ Văn Sai,,,sai@danang.gov.vn,0905-abc,Điểm cầu Hà Nội",
                ",,,sai@danang.gov.vn,,Điểm cầu Hà Nội",
                "Võ Văn Đúng,,,sai@danang.gov.vn,0905 123 456,Điểm cầu Hà Nội");

        assertEquals(
                List.of(Rejected.class, Rejected.class, Accepted.class),
                results.stream().map(Object::getClass).toList());
    }
}
