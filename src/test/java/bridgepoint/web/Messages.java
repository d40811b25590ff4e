package bridgepoint.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pages' labels as the pages have them: {@code src/main/resources/web/<dir>/messages.json}, {@code {"key": {"vi",
 * "en"}}}. For tests that check what a page shows in each language.
 */
public final class Messages {

    public static final Path WEB = Path.of("src", "main", "resources", "web");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** key → language → label. */
    private final Map<String, Map<String, String>> labels;

    private Messages(Map<String, Map<String, String>> labels) {
        this.labels = labels;
    }

    /** The labels of these folders of the web root (e.g. "shared", "delegate"). */
    public static Messages load(String... dirs) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (String dir : dirs) {
            labels.putAll(read(WEB.resolve(dir).resolve("messages.json")));
        }
        return new Messages(labels);
    }

    /** Every messages.json of the web root, by file. */
    public static Map<Path, Map<String, Map<String, String>>> all() {
        try (Stream<Path> files = Files.walk(WEB)) {
            Map<Path, Map<String, Map<String, String>>> all = new LinkedHashMap<>();
            files.filter(f -> f.getFileName().toString().equals("messages.json"))
                    .sorted()
                    .forEach(f -> all.put(f, read(f)));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Map<String, String>> read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, Map<String, String>> labels = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Map<String, String> byLanguage = new LinkedHashMap<>();
                entry.getValue()
                        .fields()
                        .forEachRemaining(
                                l -> byLanguage.put(l.getKey(), l.getValue().asText()));
                labels.put(entry.getKey(), byLanguage);
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The placeholders of a label, e.g. [time] for "Kế hoạch {time}". */
    static List<String> placeholders(String label) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(label);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names.stream().sorted().toList();
    }

    /**
     * Fails if the text shows a label of this language that the other language words differently (labels that read
     * the same in both, such as a language's own name, do not count); placeholders match any text.
     */
    public void assertNoLabelOf(String language, String text) {
        String other = language.equals("vi") ? "en" : "vi";
        List<String> shown = new ArrayList<>();
        labels.forEach((key, byLanguage) -> {
            String label = byLanguage.get(language);
            if (label.equals(byLanguage.get(other))) {
                return;
            }
            StringBuilder regex = new StringBuilder();
            int last = 0;
            Matcher m = PLACEHOLDER.matcher(label);
            while (m.find()) {
                regex.append(Pattern.quote(label.substring(last, m.start()))).append(".+?");
                last = m.end();
            }
            regex.append(Pattern.quote(label.substring(last)));
            if (Pattern.compile(regex.toString()).matcher(text).find()) {
                shown.add(key + ": " + label);
            }
        });
        assertEquals(List.of(), shown, "labels in '" + language + "' shown in '" + other + "':\n" + text);
    }
}
