package org.errorprop.methods.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The feedback scale must be a positive, finite number: its edges. */
class FeedbackOptionsTest {

    @Test
    void theScaleMustBePositiveAndFinite() {
        InvalidInputException zero = assertThrows(InvalidInputException.class, () -> new FeedbackOptions(0.0));
        assertTrue(zero.getMessage().contains("positive"), zero.getMessage());
        assertThrows(InvalidInputException.class, () -> new FeedbackOptions(-1.0));
        assertThrows(InvalidInputException.class, () -> new FeedbackOptions(Double.NaN));
        assertThrows(InvalidInputException.class, () -> new FeedbackOptions(Double.POSITIVE_INFINITY));
        assertEquals(Double.MIN_VALUE, new FeedbackOptions(Double.MIN_VALUE).scale());
    }
}
