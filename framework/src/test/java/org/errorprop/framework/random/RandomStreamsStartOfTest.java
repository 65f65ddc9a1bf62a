package org.errorprop.framework.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link RandomStreams#startOf} starts the named sequence anew on every call (and {@code stream} is the same
 * method under its older name): draws come from one kept generator, never from a generator per draw.
 */
class RandomStreamsStartOfTest {

    @Test
    void everyCallStartsTheSequenceAnewAndAKeptGeneratorMovesOn() {
        RandomStreams streams = new RandomStreams(42);
        RandomGenerator kept = streams.startOf("x");
        double first = kept.nextGaussian();
        double second = kept.nextGaussian();
        assertNotEquals(first, second);
        assertEquals(first, streams.startOf("x").nextGaussian(), 0.0, "a second open repeats the first draw");
        RandomGenerator older = streams.startOf("x");
        assertEquals(first, older.nextGaussian(), 0.0);
        assertEquals(second, older.nextGaussian(), 0.0, "stream is startOf under its older name");
    }
}
