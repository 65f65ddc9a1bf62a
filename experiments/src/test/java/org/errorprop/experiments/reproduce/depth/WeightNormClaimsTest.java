package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;
import org.junit.jupiter.api.Test;

/**
 * Figure 5's claims on hand-made profiles of 6 layers with the single SG at boundary 3, over three
 * replicates: the paper's shapes pass, each broken shape (or shuffled layers) fails its claim, norms that did
 * not move enough fail every claim whatever the shapes, and an untrained run fails every claim that reads it.
 */
class WeightNormClaimsTest {
    private static final double[] RISING = {0.8, 0.9, 0.95, 1.05, 1.1, 1.2};
    private static final double[] FALLING_NOISY = {2.0, 0.7, 1.4, 0.4, 0.9, 0.6};
    /** Below boundary 3 it follows SG* (high, low, middle); above it rises like backprop. */
    private static final double[] SINGLE = {1.5, 0.6, 1.0, 0.9, 1.0, 1.1};
    /** An initial profile with no trend: layers alternate around the mean. */
    private static final double[] FLAT = {1.01, 0.99, 1.01, 0.99, 1.01, 0.99};

    private static final TrainedNetworkBar BAR = TrainedNetworkBar.forScale(Scale.FULL);
    /** Every run of every method trained: 95% test accuracy against FULL's bar of 90%. */
    private static final Map<StudiedMethod, double[]> TRAINED = accuracies(0.95, 0.95, 0.95);

    private static List<Claim> claims(double[] backprop, double[] single, double[] everywhere, double change) {
        return claims(backprop, single, everywhere, change, TRAINED);
    }

    private static List<Claim> claims(double[] backprop, double[] single, double[] everywhere, double change,
                                      Map<StudiedMethod, double[]> accuracies) {
        List<NormProfiles> finals = Collections.nCopies(3, new NormProfiles(backprop, single, everywhere, 3));
        List<NormProfiles> initials = Collections.nCopies(3, new NormProfiles(FLAT, FLAT, FLAT, 3));
        return WeightNormClaims.of(finals, initials, movedBy(change), accuracies, BAR);
    }

    /** Three replicates per method, the third of each at the given accuracy, the others at 95%. */
    private static Map<StudiedMethod, double[]> accuracies(double backprop, double single, double everywhere) {
        return Map.of(StudiedMethod.BACKPROP, new double[] {0.95, 0.95, backprop},
                StudiedMethod.SINGLE_SG, new double[] {0.95, 0.95, single},
                StudiedMethod.SG_EVERYWHERE, new double[] {0.95, 0.95, everywhere});
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
        Claim backprop = WeightNormClaims.of(finals, initials, movedBy(0.5), TRAINED, BAR).get(0);
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
        Claim claim = WeightNormClaims.of(finals, initials, movedBy(0.5), TRAINED, BAR).get(0);
        assertTrue(ProfileStatistics.trend(weak) > 0, "the weak profile rises");
        assertTrue(claim.ours().contains("held on 2 of 3"), claim.ours());
        assertFalse(claim.holds(), claim.ours());
    }

    @Test
    void anUntrainedRunFailsEveryClaimThatReadsItsMethodAndNoOther() {
        // one SG-everywhere run at 11% (chance): claims 2 and 4 read SG everywhere, 1 and 3 do not
        List<Claim> claims = claims(RISING, SINGLE, FALLING_NOISY, 0.5, accuracies(0.95, 0.95, 0.11));
        assertTrue(claims.get(0).holds(), claims.get(0).ours());
        assertFalse(claims.get(1).holds(), claims.get(1).ours());
        assertTrue(claims.get(1).ours().contains("not counted: SG everywhere reached 11.0% < 90%"),
                claims.get(1).ours());
        assertTrue(claims.get(2).holds(), claims.get(2).ours());
        assertFalse(claims.get(3).holds(), claims.get(3).ours());
        // an untrained backprop run fails all four: every claim reads backprop
        for (Claim claim : claims(RISING, SINGLE, FALLING_NOISY, 0.5, accuracies(0.5, 0.95, 0.95))) {
            assertFalse(claim.holds(), claim.finding() + ": " + claim.ours());
        }
    }

    @Test
    void theCriterionStatesTheTrainedBar() {
        for (Claim claim : claims(RISING, SINGLE, FALLING_NOISY, 0.5)) {
            assertTrue(claim.criterion().endsWith(BAR.clause()), claim.criterion());
        }
    }

    @Test
    void shuffledLayersFailTheTrendClaims() {
        // the paper's profiles with their layers in a fixed scrambled order: no trend left for claims 1 and 2
        int[] order = {3, 0, 5, 2, 4, 1};
        Claim backprop = claims(permute(RISING, order), SINGLE, FALLING_NOISY, 0.5).get(0);
        assertFalse(backprop.holds(), backprop.ours());
        double[] falling = {2.0, 1.6, 1.2, 0.8, 0.5, 0.3};
        assertTrue(claims(RISING, SINGLE, falling, 0.5).get(1).holds(), "in layer order it holds");
        Claim everywhere = claims(RISING, SINGLE, permute(falling, new int[] {5, 2, 4, 0, 3, 1}), 0.5).get(1);
        assertFalse(everywhere.holds(), everywhere.ours());
    }

    private static double[] permute(double[] profile, int[] order) {
        double[] out = new double[profile.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = profile[order[k]];
        }
        return out;
    }
}
