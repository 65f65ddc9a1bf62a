package org.errorprop.methods.synthetic;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.junit.jupiter.api.Test;

/** The bounds of the synthetic-gradient options, at their edges. */
class SyntheticGradientOptionsTest {

    @Test
    void hiddenWidthsMustBePositiveAndOneIsTheSmallest() {
        InvalidInputException zero = assertThrows(InvalidInputException.class, () -> options(List.of(4, 0), 1.0));
        assertTrue(zero.getMessage().contains("must be positive"), zero.getMessage());
        assertThrows(InvalidInputException.class, () -> options(List.of(-1), 1.0));
        assertEquals(List.of(1), options(List.of(1), 1.0).synthesizerHidden());
    }

    @Test
    void alphaMayBeZeroButNotNegativeOrNotANumber() {
        assertDoesNotThrow(() -> options(List.of(), 0.0));
        InvalidInputException negative = assertThrows(InvalidInputException.class,
                () -> options(List.of(), -Double.MIN_VALUE));
        assertTrue(negative.getMessage().contains("non-negative"), negative.getMessage());
        assertThrows(InvalidInputException.class, () -> options(List.of(), Double.NaN));
        assertThrows(InvalidInputException.class, () -> options(List.of(), Double.POSITIVE_INFINITY));
    }

    private static SyntheticGradientOptions options(List<Integer> hidden, double alpha) {
        return new SyntheticGradientOptions(SgPlacement.LAST_HIDDEN, SynthesizerKind.MLP, hidden, alpha);
    }
}
