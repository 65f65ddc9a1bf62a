package org.errorprop.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.errorprop.experiments.catalog.Experiments;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

class CriteriaRegistryTest {
    private static final String YAML = """
            claims:
              - experiment: fig3
                finding: "SG trains deep networks"
                criterion:
                  quick: "test accuracy >= 0.90"
                  full: "test accuracy >= 0.95"
              - experiment: table2
                finding: "gap is clearly non-zero"
                criterion: {quick: "gap > 3 standard errors"}
                changes:
                  - previous: "gap > 0.01"
                    previous_verdict: failed
                    judged_by: "first quick run"
                    reason: "the absolute bar ignored the spread"
            """;

    @Test
    void aClaimStandsAsRegisteredChangedDifferentOrUnregistered() {
        CriteriaRegistry registry = CriteriaRegistry.parse(YAML);
        assertEquals(Registration.Status.REGISTERED, registry.registrationOf("fig3", Scale.QUICK,
                new Claim("SG trains deep networks", "Figure 3", "test accuracy >= 0.90", "0.95", true)).status());
        Registration changed = registry.registrationOf("table2", Scale.QUICK,
                new Claim("gap is clearly non-zero", "0.038", "gap > 3 standard errors", "0.007", true));
        assertEquals(Registration.Status.CHANGED_AFTER_A_RUN, changed.status());
        assertTrue(changed.describe().contains("\"gap > 0.01\" failed (first quick run)"), changed.describe());
        // the same finding with a softer bar than registered: not the registered criterion
        Registration softer = registry.registrationOf("fig3", Scale.QUICK,
                new Claim("SG trains deep networks", "Figure 3", "test accuracy >= 0.50", "0.55", true));
        assertEquals(Registration.Status.DIFFERS, softer.status());
        assertFalse(softer.status().counts());
        // each scale has its own text: the quick bar is not the full one, and smoke has none
        assertEquals(Registration.Status.DIFFERS, registry.registrationOf("fig3", Scale.FULL,
                new Claim("SG trains deep networks", "Figure 3", "test accuracy >= 0.90", "0.95", true)).status());
        assertEquals(Registration.Status.NOT_REGISTERED, registry.registrationOf("fig3", Scale.SMOKE,
                new Claim("SG trains deep networks", "Figure 3", "test accuracy >= 0.90", "0.95", true)).status());
        assertEquals(Registration.Status.NOT_REGISTERED, registry.registrationOf("fig4", Scale.QUICK,
                new Claim("SG trains deep networks", "Figure 3", "test accuracy >= 0.90", "0.95", true)).status());
    }

    @Test
    void aHoldingClaimCountsOnlyUnderItsRegisteredCriterion() {
        CriteriaRegistry registry = CriteriaRegistry.parse(YAML);
        Claim registered = new Claim("SG trains deep networks", "Figure 3", "test accuracy >= 0.90", "0.95", true);
        Claim moved = new Claim("SG trains deep networks", "Figure 3", "test accuracy >= 0.50", "0.55", true);
        assertEquals(1, ReproductionReport.heldCount(List.of(outcome("fig3", registered)), Scale.QUICK, registry));
        assertEquals(0, ReproductionReport.heldCount(List.of(outcome("fig3", moved)), Scale.QUICK, registry),
                "the same measurement under a criterion moved after the fact does not count");
        String csv = ReproductionReport.claimsCsv(List.of(outcome("fig3", moved)), Scale.QUICK, registry);
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().endsWith(",true,differs"), csv);
    }

    private static ExperimentOutcome outcome(String name, Claim claim) {
        return new ExperimentOutcome(name, name, new ExperimentReport(List.of(claim), "section"), 1.0);
    }

    @Test
    void malformedRegistriesAreRefusedWithTheirReason() {
        assertThrows(InvalidInputException.class, () -> CriteriaRegistry.parse("claims: ["));
        assertThrows(InvalidInputException.class, () -> CriteriaRegistry.parse("other: 1"));
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> CriteriaRegistry.parse(
                "claims:\n  - experiment: fig3\n    finding: x\n"));
        InvalidInputException scale = assertThrows(InvalidInputException.class, () -> CriteriaRegistry.parse(
                "claims:\n  - {experiment: a, finding: x, criterion: {huge: c}}\n"));
        assertTrue(scale.getMessage().contains("unknown scale 'huge'"), scale.getMessage());
        assertTrue(missing.getMessage().contains("'criterion'"), missing.getMessage());
        InvalidInputException twice = assertThrows(InvalidInputException.class, () -> CriteriaRegistry.parse(
                "claims:\n  - {experiment: a, finding: x, criterion: {quick: c}}\n  - {experiment: a, finding: x, criterion: {quick: d}}\n"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        InvalidInputException verdict = assertThrows(InvalidInputException.class, () -> CriteriaRegistry.parse(
                "claims:\n  - experiment: a\n    finding: x\n    criterion: {quick: c}\n    changes:\n"
                        + "      - {previous: p, previous_verdict: maybe, judged_by: j, reason: r}\n"));
        assertTrue(verdict.getMessage().contains("held or failed"), verdict.getMessage());
    }

    @Test
    void thePackagedRegistryNamesOnlyExperimentsThatExist() {
        CriteriaRegistry packaged = CriteriaRegistry.packaged();
        assertFalse(packaged.criteria().isEmpty());
        Set<String> experiments = Experiments.named("all").stream().map(Experiment::name).collect(Collectors.toSet());
        for (RegisteredCriterion criterion : packaged.criteria()) {
            assertTrue(experiments.contains(criterion.experiment()), criterion.experiment());
        }
        assertEquals(64, packaged.sha256().length());
    }
}
