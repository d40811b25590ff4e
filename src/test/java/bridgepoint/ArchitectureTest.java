package bridgepoint;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.ReferencedClassObject;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layout of the README (Development): features under {@code bridgepoint.<feature>}, no cycle between
 * them, {@code common} and {@code security} depending on no feature, and each feature's tables reached only
 * through that feature's services.
 */
class ArchitectureTest {

    /** Packages that hold what every feature may use and that therefore use no feature themselves. */
    private static final Set<String> FOUNDATIONS = Set.of("common", "security", "launch");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("bridgepoint");
    }

    @Test
    void featuresDoNotDependOnEachOtherInCycles() {
        slices().matching("bridgepoint.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void commonSecurityAndLaunchUseNoFeature() {
        for (String foundation : FOUNDATIONS) {
            noClasses()
                    .that()
                    .resideInAPackage("bridgepoint." + foundation + "..")
                    .should()
                    .dependOnClassesThat(new DescribedPredicate<JavaClass>("belong to a feature") {
                        @Override
                        public boolean test(JavaClass c) {
                            String feature = feature(c);
                            return feature != null && !feature.equals(foundation) && !feature.equals("common");
                        }
                    })
                    .because("bridgepoint." + foundation + " is shared by the features; a feature's code belongs there")
                    .check(main);
        }
    }

    /**
     * Another feature's entities may be read where its service hands them out, but not looked up, queried, stored,
     * deleted or changed directly: {@code em.find(Conference.class, …)} outside {@code conference} skips the access
     * rules and locks that {@code ConferenceService} applies.
     */
    @Test
    void entitiesAreLookedUpAndChangedOnlyByTheirOwnFeature() {
        classes()
                .that()
                .resideInAPackage("bridgepoint..")
                .should(new ArchCondition<JavaClass>("reach other features' entities only through their services") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        String own = feature(c);
                        for (JavaAccess<?> access : c.getAccessesFromSelf()) {
                            JavaClass target = access.getTargetOwner();
                            if (!isForeignEntity(target, own)) {
                                continue;
                            }
                            boolean write = access instanceof JavaFieldAccess field
                                    && field.getAccessType() == JavaFieldAccess.AccessType.SET;
                            boolean query = access instanceof JavaMethodCall;
                            if (write || query) {
                                events.add(SimpleConditionEvent.violated(c, access.getDescription()));
                            }
                        }
                        for (ReferencedClassObject ref : c.getReferencedClassObjects()) {
                            if (isForeignEntity(ref.getRawType(), own)) {
                                events.add(SimpleConditionEvent.violated(
                                        c,
                                        c.getName() + " uses "
                                                + ref.getRawType().getSimpleName() + ".class in "
                                                + ref.getSourceCodeLocation()));
                            }
                        }
                    }
                })
                .check(main);
    }

    private static boolean isForeignEntity(JavaClass target, String ownFeature) {
        String feature = feature(target);
        return feature != null && !feature.equals(ownFeature) && target.isAnnotatedWith(Entity.class);
    }

    /** {@code agenda} for {@code bridgepoint.agenda.AgendaItem}; null outside {@code bridgepoint}. */
    private static String feature(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith("bridgepoint.")) {
            return null;
        }
        String rest = pkg.substring("bridgepoint.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
