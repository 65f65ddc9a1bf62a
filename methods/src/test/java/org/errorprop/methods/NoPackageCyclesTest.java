package org.errorprop.methods;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * No package cycle in this module's main code: every package of {@code org.errorprop} is one slice, and
 * no two slices may depend on each other, directly or through others. Test classes are not imported.
 */
class NoPackageCyclesTest {
    private static final ArchRule NO_CYCLES = slices().matching("org.errorprop.(**)").should().beFreeOfCycles();
    private static final String FIXTURE = "org.errorprop.methods.cyclefixture";

    @Test
    void mainPackagesAreFreeOfCycles() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("org.errorprop.methods");
        assertTrue(main.contain("org.errorprop.methods.MethodCatalog"),
                "the import found this module's main classes");
        assertFalse(main.contain(NoPackageCyclesTest.class), "the import left the test classes out");
        NO_CYCLES.check(main);
    }

    /** The test of the test: two test-only packages that use each other are reported as a cycle. */
    @Test
    void aCycleBetweenTwoPackagesIsAViolation() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
        EvaluationResult result = NO_CYCLES.evaluate(fixture);
        assertTrue(result.hasViolation(), "left <-> right is a cycle");
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("cyclefixture.left") && report.contains("cyclefixture.right"), report);
    }

    /** The control: one side of the fixture alone has no cycle, so the violation above is the cycle's. */
    @Test
    void oneSideOfTheFixtureAloneIsNoViolation() {
        JavaClasses leftOnly = new ClassFileImporter().importPackages(FIXTURE + ".left");
        assertFalse(NO_CYCLES.evaluate(leftOnly).hasViolation());
    }
}
