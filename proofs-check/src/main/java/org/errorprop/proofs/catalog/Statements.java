package org.errorprop.proofs.catalog;

import java.util.List;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints;
import org.errorprop.proofs.statements.CriticalPointsPreservedWhenSgRepresentsGradient;
import org.errorprop.proofs.statements.GatedSyntheticGradientDeepLinearConverges;
import org.errorprop.proofs.statements.LinearRegressionReachesGlobalOptimum;
import org.errorprop.proofs.statements.LinearSgImpliedQuadraticLoss;
import org.errorprop.proofs.statements.LogLossLinearSgMissesSeparableSolution;
import org.errorprop.proofs.statements.TableOneColumnsAgreeWithDirectRules;
import org.errorprop.proofs.statements.TrackingSyntheticGradientConverges;

/** Every check errorprop runs for the paper, in the order of the paper's section 2 (then §1 and §6). */
public final class Statements {
    private Statements() {
    }

    public static List<Check<?>> all() {
        return List.of(
                new CriticalPointsPreservedWhenSgRepresentsGradient(),
                new ConstantSyntheticGradientCreatesSpuriousCriticalPoints(),
                new TrackingSyntheticGradientConverges(),
                new GatedSyntheticGradientDeepLinearConverges(),
                new LinearRegressionReachesGlobalOptimum(),
                new LogLossLinearSgMissesSeparableSolution(),
                new LinearSgImpliedQuadraticLoss(),
                new TableOneColumnsAgreeWithDirectRules());
    }
}
