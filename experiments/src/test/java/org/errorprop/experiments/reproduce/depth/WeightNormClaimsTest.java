package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.junit.jupiter.api.Test;

/**
 * Figure 5's claims on hand-made profiles of 6 layers with the single SG at boundary 3, over three
 * replicates: the paper's shapes pass, each broken shape fails its claim, and norms that did not move
 * enough fail every claim whatever the shapes.
 */
class WeightNormClaimsTest {
    private static final double[] RISING = {0.8, 0.9, 0.95, 1.05, 1.1, 1.2};
    private static final double[] FALLING_NOISY = {2.0, 0.7, 1.4, 0.4, 0.9, 0.6};
    /** Below boundary 3 it follows SG* (high, low, middle); above it rises like backprop. */
    private static final double[] SINGLE = {1.5, 0.6, 1.0, 0.9, 1.0, 1.1};
    /** An initial profile with no trend: layers alternate around the mean. */
    private static final double[] FLAT = {1.01, 0.99, 1.01, 0.99, 1.01, 0.99};

    private static List<Claim> claims(double[] backprop, double[] single, double[] everywhere, double change) {
        List<NormProfiles> finals = Collections.nCopies(3, new NormProfiles(backprop, single, everywhere, 3));
        List<NormProfiles> initials = Collections.nCopies(3, new NormProfiles(FLAT, FLAT, FLAT, 3));
        return WeightNormClaims.of(finals, initials, movedBy(change));
    }

    /** Every layer of every run of the three methods changed by {@code change}. */
    private static NormMovement movedBy(double change) {
        List<double[]> runs = Collections.nCopies(3, new double[] {change, change, change, change, change, change});
        return new NormMovement(Map.of(StudiedMethod.BACKPROP, runs, StudiedMethod.SINGLE_SG, runs,
                StudiedMethod.SG_EVERYWHERE, runs));
    }

    @Test
    void thePapersShapesPassEveryCriterion() {
        List<Claim> claims = claims(RISING, SINGLE, FALLING_NOISY, 0.5);
        assertEquals(4, claims.size());
        for (Claim claim : claims) {
            assertTrue(claim.holds(), claim.finding() + ": " + claim.ours());
            assertTrue(claim.ours().contains("held on 3 of 3"), claim.ours());
        }
    }

    @Test
    void normsThatBarelyMovedFailEveryClaimWhateverTheirShape() {
        List<Claim> claims = claims(RISING, SINGLE, FALLING_NOISY, NormMovement.MINIMUM_RELATIVE_CHANGE / 2);
        for (Claim claim : claims) {
            assertFalse(claim.holds(), claim.finding() + ": " + claim.ours());
            assertTrue(claim.ours().endsWith("not counted"), claim.ours());
        }
    }

    @Test
    void theControlReportsWhatTheInitialProfilesGive() {
        // the initial profiles here already rise (the artifact the control exposes): the control says so
        List<NormProfiles> finals = Collections.nCopies(3, new NormProfiles(RISING, SINGLE, FALLING_NOISY, 3));
        List<NormProfiles> initials = Collections.nCopies(3, new NormProfiles(RISING, SINGLE, FALLING_NOISY, 3));
        Claim backprop = WeightNormClaims.of(finals, initials, movedBy(0.5)).get(0);
        assertTrue(backprop.ours().contains("initial profiles (control): rho = 1.000 ± 0.000, held on 3 of 3"),
                backprop.ours());
    }

    @Test
    void aFallingBackpropProfileFailsTheBackpropClaim() {
        double[] falling = {1.2, 1.1, 1.05, 0.95, 0.9, 0.8};
        Claim claim = claims(falling, SINGLE, FALLING_NOISY, 0.5).get(0);
        assertFalse(claim.holds(), claim.ours());
    }

    @Test
    void aSmoothSgStarProfileFailsTheVarianceClaim() {
        double[] smoothFalling = {1.01, 1.005, 1.0, 0.999, 0.998, 0.99};
        Claim claim = claims(RISING, SINGLE, smoothFalling, 0.5).get(1);
        assertFalse(claim.holds(), "falls, but with less spread than backprop: " + claim.ours());
    }

    @Test
    void aSingleSgFallingAboveTheBoundaryFailsTheAgreementClaim() {
        double[] single = {1.5, 0.6, 1.0, 1.2, 1.0, 0.7};
        Claim claim = claims(RISING, single, FALLING_NOISY, 0.5).get(2);
        assertFalse(claim.holds(), claim.ours());
    }

    @Test
    void aSingleSgFollowingBackpropBelowTheBoundaryFailsTheChaosClaim() {
        double[] single = {0.8, 0.9, 0.95, 1.05, 1.1, 1.2};
        Claim claim = claims(RISING, single, FALLING_NOISY, 0.5).get(3);
        assertFalse(claim.holds(), claim.ours());
    }

    @Test
    void theVerdictIsOnTheMeanOverReplicates() {
        // two replicates rise weakly, one falls strongly: held on 2 of 3, but the mean trend is negative
        double[] weak = {0.99, 1.0, 0.98, 1.02, 1.01, 1.0};
        double[] falling = {1.2, 1.1, 1.05, 0.95, 0.9, 0.8};
        List<NormProfiles> finals = List.of(new NormProfiles(weak, SINGLE, FALLING_NOISY, 3),
                new NormProfiles(weak, SINGLE, FALLING_NOISY, 3), new NormProfiles(falling, SINGLE, FALLING_NOISY, 3));
        List<NormProfiles> initials = Collections.nCopies(3, new NormProfiles(FLAT, FLAT, FLAT, 3));
        Claim claim = WeightNormClaims.of(finals, initials, movedBy(0.5)).get(0);
        assertTrue(ProfileStatistics.trend(weak) > 0, "the weak profile rises");
        assertTrue(claim.ours().contains("held on 2 of 3"), claim.ours());
        assertFalse(claim.holds(), claim.ours());
    }
}
