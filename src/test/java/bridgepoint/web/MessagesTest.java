package bridgepoint.web;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every label of the pages exists in Vietnamese and English, with the same placeholders, and no key twice. */
class MessagesTest {

    @Test
    void everyLabelIsInBothLanguagesWithTheSamePlaceholders() {
        Map<Path, Map<String, Map<String, String>>> all = Messages.all();
        assertTrue(all.size() >= 4, "messages.json files: " + all.keySet());
        List<String> problems = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        all.forEach((file, labels) -> labels.forEach((key, byLanguage) -> {
            Path first = seen.putIfAbsent(key, file);
            if (first != null) {
                problems.add(key + ": in " + first + " and " + file);
            }
            if (!byLanguage.keySet().equals(Set.of("vi", "en"))) {
                problems.add(file + " " + key + ": languages " + byLanguage.keySet());
                return;
            }
            if (byLanguage.get("vi").isBlank() || byLanguage.get("en").isBlank()) {
                problems.add(file + " " + key + ": blank");
            }
            if (!Messages.placeholders(byLanguage.get("vi")).equals(Messages.placeholders(byLanguage.get("en")))) {
                problems.add(file + " " + key + ": placeholders differ");
            }
        }));
        assertEquals(List.of(), problems);
    }
}
