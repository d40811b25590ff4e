package bridgepoint;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The README's configuration table follows from the {@code @ConfigMapping} interfaces: every key they define is
 * a row (by its environment variable) that shows the key's default.
 */
class ConfigurationDocumentedTest {

    record Key(String property, String defaultValue) {
        String environmentVariable() {
            return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    @Test
    void everyConfigurationKeyIsARowOfTheReadmeTableWithItsDefault() throws IOException {
        List<String> table = Files.readAllLines(Path.of("README.md")).stream()
                .filter(l -> l.startsWith("| `"))
                .toList();
        List<Key> keys = keys();
        assertFalse(keys.isEmpty(), "no @ConfigMapping found");
        List<String> missing = new ArrayList<>();
        for (Key key : keys) {
            Optional<String> row = table.stream()
                    .filter(l -> l.startsWith("| `" + key.environmentVariable() + "`"))
                    .findFirst();
            if (row.isEmpty()) {
                missing.add(key.environmentVariable() + " (" + key.property() + "): no row");
            } else if (key.defaultValue() != null && !row.get().contains("`" + key.defaultValue() + "`")) {
                missing.add(
                        key.environmentVariable() + ": the row does not show the default `" + key.defaultValue() + "`");
            }
        }
        assertEquals(List.of(), missing, "README, Configuration");
    }

    private static List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("bridgepoint")) {
            if (c.isAnnotatedWith(ConfigMapping.class)) {
                Class<?> type = c.reflect();
                collect(type.getAnnotation(ConfigMapping.class).prefix(), type, keys);
            }
        }
        return keys;
    }

    private static void collect(String prefix, Class<?> group, List<Key> keys) {
        for (Method m : group.getMethods()) {
            String name = prefix + "." + kebab(m.getName());
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getName().startsWith("bridgepoint.")) {
                collect(name, type, keys);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                keys.add(new Key(name, d == null ? null : d.value()));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
