package org.errorprop.proofs.statements;

import org.errorprop.proofs.statements.SgRegressionRun.Iterate;
import org.errorprop.proofs.statements.SgRegressionRun.LineSearch;
import org.errorprop.proofs.statements.SgRegressionRun.SgStep;

/**
 * Whether the per-step inequalities of Theorem 1's proof held along one run, and how close they came:
 * (1) the line-search identity, (2) the f-bound, (3) the contraction, each as the worst ratio of its left
 * side to its right side plus rounding allowance; also the proof's {@code A_{k+1} = A_k} gap. Derivation:
 * <a href="../../../../../../../../paper-notes/derivations/theorem-1.md">paper-notes/derivations/theorem-1.md</a>.
 */
final class TheoremOneInequalities {
    /** {@code 2⁶⁰} times the smallest normal double: below it the identity (1) is not checked. */
    private static final double NORMAL_ENOUGH = 0x1p60 * Double.MIN_NORMAL;

    private final double unitRoundoff;
    /** Step {@code k − 1}, kept for the checks that need {@code f_k}; null before the first step. */
    private Step previous;

    private double worstIdentity = 0;
    private double worstFBound = 0;
    private double worstContraction = 0;
    private double maxRho = 0;
    private double minH = Double.POSITIVE_INFINITY;
    private double minMuNormB = Double.POSITIVE_INFINITY;
    private double maxDrift = 0;
    private int actualRises = 0;
    private double maxActualRatio = 0;

    /** What step {@code k} leaves for the checks at {@code k + 1}. */
    private record Step(Iterate at, double q, double rho, double muNormB, SgStep sg) {
    }

    TheoremOneInequalities(double unitRoundoff) {
        this.unitRoundoff = unitRoundoff;
    }

    /** The checks of step {@code k − 1 → k}, which needed {@code f_k}: the f-bound (2) and the contraction (3). */
    void checkStepInto(Iterate now) {
        if (previous == null) {
            return;
        }
        Iterate before = previous.at();
        double fAllowance = before.roundF() + now.roundF() + previous.muNormB() * before.roundXi();
        double fRhs = previous.q() * before.nf() + previous.muNormB() * before.nx();
        worstFBound = Math.max(worstFBound, ratio(now.nf(), fRhs + fAllowance));
        double cLhs = now.nf() + previous.sg().normXiTilde();
        double cRhs = previous.rho() * before.phi() + fAllowance + previous.sg().roundXiTilde();
        worstContraction = Math.max(worstContraction, ratio(cLhs, cRhs));
        maxDrift = Math.max(maxDrift, now.drift() / before.phi());
        double actualRatio = now.phi() / before.phi();
        maxActualRatio = Math.max(maxActualRatio, actualRatio);
        if (now.phi() > before.phi() + now.roundF() + now.roundXi() + before.roundF() + before.roundXi()) {
            actualRises++;
        }
    }

    /**
     * Step {@code k}, taken with main step {@code µ_k} on {@code B} ({@code ‖B‖}, {@code b}): its contraction
     * factor {@code ρ_k} and the line-search identity (1); kept for {@link #checkStepInto}.
     */
    void recordStep(Iterate at, LineSearch search, double mu, double normB, double b, SgStep sg) {
        double h = search.h();
        minH = Math.min(minH, h);
        double muNormB = mu * normB;
        minMuNormB = Math.min(minMuNormB, muNormB);
        double q = Math.sqrt(Math.max(0, 1 - 2 * mu * b + mu * mu * normB * normB));
        double rho = Math.max(q, Math.sqrt(Math.max(0, 1 - h)) + muNormB);
        maxRho = Math.max(maxRho, rho);
        checkLineSearchIdentity(at.nx(), search, sg);
        previous = new Step(at, q, rho, muNormB, sg);
    }

    /**
     * (1) {@code ‖A_k ω_{k+1}‖² = (1 − h_k)‖ξ_k‖²}, with allowances for the rounding of both vectors, of
     * {@code h} (relative) and of the subtraction. Relative form (divided by {@code ‖ξ_k‖²}); not checked once
     * {@code ‖ξ_k‖} is within {@code 2⁶⁰} of the subnormal range, where rounding is no longer relative to u.
     */
    private void checkLineSearchIdentity(double nx, LineSearch search, SgStep sg) {
        if (!(nx > NORMAL_ENOUGH)) {
            return;
        }
        double h = search.h();
        double shrink = sg.normXiTilde() / nx;
        double relRound = sg.roundXiTilde() / nx;
        double identityLhs = Math.abs(shrink * shrink - (1 - h));
        double identityAllowance = 2 * relRound * (1 + relRound) + h * search.relativeErrorH() + 4 * unitRoundoff;
        if (identityLhs > 0) {
            worstIdentity = Math.max(worstIdentity, ratio(identityLhs, identityAllowance));
        }
    }

    /** Whether some per-step inequality failed, or some {@code ρ_k ≥ 1}. */
    boolean anyViolated() {
        return worstIdentity > 1 || worstFBound > 1 || worstContraction > 1 || maxRho >= 1;
    }

    /** The largest of the worst ratios and {@code max ρ_k}. */
    double worstRatio() {
        return Math.max(Math.max(worstIdentity, worstFBound), Math.max(worstContraction, maxRho));
    }

    double worstIdentity() {
        return worstIdentity;
    }

    double worstFBound() {
        return worstFBound;
    }

    double worstContraction() {
        return worstContraction;
    }

    double maxRho() {
        return maxRho;
    }

    double minH() {
        return minH;
    }

    double minMuNormB() {
        return minMuNormB;
    }

    /** {@code max ‖ξ_{k+1} − A_k ω_{k+1}‖/Φ_k}. */
    double maxDrift() {
        return maxDrift;
    }

    /** Steps where the actual {@code Φ} rose by more than the rounding of both values. */
    int actualRises() {
        return actualRises;
    }

    double maxActualRatio() {
        return maxActualRatio;
    }

    /** {@code lhs/rhs}, with {@code 0/0 = 0} and {@code x/0 = ∞}. */
    private static double ratio(double lhs, double rhs) {
        if (lhs <= 0) {
            return 0;
        }
        return rhs > 0 ? lhs / rhs : Double.POSITIVE_INFINITY;
    }
}
