package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.errorprop.experiments.reproduce.Claim;
import org.junit.jupiter.api.Test;

/** Figure 5's claims on hand-made profiles of 6 layers with the single SG at boundary 3. */
class WeightNormClaimsTest {
    private static final double[] RISING = {0.8, 0.9, 0.95, 1.05, 1.1, 1.2};
    private static final double[] FALLING_NOISY = {2.0, 0.7, 1.4, 0.4, 0.9, 0.6};
    /** Below boundary 3 it follows SG* (high, low, middle); above it rises like backprop. */
    private static final double[] SINGLE = {1.5, 0.6, 1.0, 0.9, 1.0, 1.1};

    @Test
    void thePapersShapesPassEveryCriterion() {
        List<Claim> claims = new WeightNormProfiles.Profiles(RISING, SINGLE, FALLING_NOISY, 3).claims();
        assertEquals(4, claims.size());
        for (Claim claim : claims) {
            assertTrue(claim.holds(), claim.finding() + ": " + claim.ours());
        }
    }

    @Test
    void aFallingBackpropProfileFailsTheBackpropClaim() {
        double[] falling = {1.2, 1.1, 1.05, 0.95, 0.9, 0.8};
        List<Claim> claims = new WeightNormProfiles.Profiles(falling, SINGLE, FALLING_NOISY, 3).claims();
        assertFalse(claims.get(0).holds(), claims.get(0).ours());
    }

    @Test
    void aSmoothSgStarProfileFailsTheVarianceClaim() {
        double[] smoothFalling = {1.01, 1.005, 1.0, 0.999, 0.998, 0.99};
        List<Claim> claims = new WeightNormProfiles.Profiles(RISING, SINGLE, smoothFalling, 3).claims();
        assertFalse(claims.get(1).holds(), "falls, but with less spread than backprop: " + claims.get(1).ours());
    }

    @Test
    void aSingleSgFallingAboveTheBoundaryFailsTheAgreementClaim() {
        double[] single = {1.5, 0.6, 1.0, 1.2, 1.0, 0.7};
        List<Claim> claims = new WeightNormProfiles.Profiles(RISING, single, FALLING_NOISY, 3).claims();
        assertFalse(claims.get(2).holds(), claims.get(2).ours());
    }
}
