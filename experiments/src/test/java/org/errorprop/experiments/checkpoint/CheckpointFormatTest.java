package org.errorprop.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.training.BoundaryDiagnostics;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;
import org.junit.jupiter.api.Test;

/** The checkpoint file: exact round trip, and every damaged or foreign file refused with one line. */
class CheckpointFormatTest {
    private static final String SPEC = "# errorprop run spec\nmethod: sg\nseed: 3\n";

    private static Checkpoint sample() {
        StateArrays state = new StateArrays();
        state.writer().doubles("network/block-1/linear/weight", new double[] {1.5, -0.0, Double.MIN_VALUE, -7e300,
            Double.longBitsToDouble(0x7ff8000000000123L)});
        state.writer().longs("optimizer/steps", new long[] {12});
        state.writer().doubles("probe/cosine-sum", new double[0]);
        List<EpochMetrics> metrics = List.of(new EpochMetrics(1, 0.5, 0.25, 0.75, 0.125, 1.0 / 3),
                new EpochMetrics(2, 0.4, 0.3, Double.NaN, 0.2, 0.001));
        List<EpochDiagnostics> diagnostics = List.of(
                new EpochDiagnostics(1, List.of(new BoundaryDiagnostics(1, 0.1, 0.2, Double.NaN, 4),
                        new BoundaryDiagnostics(2, -0.3, 1.2, 0.5, 4)), List.of(3.0, 4.0, 5.0)),
                new EpochDiagnostics(2, List.of(new BoundaryDiagnostics(1, 0.15, 0.25, Double.NaN, 4),
                        new BoundaryDiagnostics(2, -0.35, 1.25, 0.55, 4)), List.of(3.5, 4.5, 5.5)));
        return new Checkpoint(SPEC, 2, state, metrics, diagnostics);
    }

    private static String refusal(byte[] bytes) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CheckpointFormat.decode(bytes, "checkpoint c.bin"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("checkpoint c.bin "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aCheckpointRoundTripsBitForBit() {
        Checkpoint original = sample();
        byte[] bytes = CheckpointFormat.encode(original);
        Checkpoint read = CheckpointFormat.decode(bytes, "c");
        assertEquals(SPEC, read.spec());
        assertEquals(2, read.epochs());
        assertTrue(original.state().sameBits(read.state()));
        assertEquals(original.metrics(), read.metrics());
        assertEquals(original.diagnostics(), read.diagnostics());
        assertArrayEquals(bytes, CheckpointFormat.encode(read), "encoding is a function of the content");
        Checkpoint withoutDiagnostics = new Checkpoint(SPEC, 2, original.state(), original.metrics(), List.of());
        assertEquals(List.of(), CheckpointFormat.decode(CheckpointFormat.encode(withoutDiagnostics), "c").diagnostics());
    }

    @Test
    void everySingleBitFlipIsRefused() {
        byte[] bytes = CheckpointFormat.encode(sample());
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] damaged = bytes.clone();
                damaged[i] ^= (byte) (1 << bit);
                refusal(damaged);
            }
        }
    }

    @Test
    void everyTruncationAndAnAppendedByteAreRefused() {
        byte[] bytes = CheckpointFormat.encode(sample());
        for (int length = 0; length < bytes.length; length++) {
            refusal(Arrays.copyOf(bytes, length));
        }
        assertTrue(refusal(Arrays.copyOf(bytes, 100)).contains("truncated"));
        assertTrue(refusal(Arrays.copyOf(bytes, bytes.length + 1)).contains("after its end"));
    }

    @Test
    void anotherFileOrAnotherFormatVersionIsNamedAsSuch() {
        assertTrue(refusal("# errorprop run spec\nmethod: sg\n".getBytes()).contains("is not an errorprop checkpoint"));
        byte[] bytes = CheckpointFormat.encode(sample());
        ByteBuffer.wrap(bytes).putInt(8, 2);
        assertTrue(refusal(bytes).contains("has checkpoint format 2, this errorprop reads format 1"),
                refusal(bytes));
    }

    /**
     * A checksum over consistent but wrong content (a writer's bug, or a forgery) still passes the checksum; the
     * structure is checked too. Here the history claims an epoch out of order.
     */
    @Test
    void consistentButImpossibleContentIsRefused() {
        Checkpoint wrong = new Checkpoint(SPEC, 1, new StateArrays(), List.of(new EpochMetrics(7, 0, 0, 0, 0, 0)),
                List.of());
        assertTrue(refusal(CheckpointFormat.encode(wrong)).contains("is corrupt: its metrics hold epoch 7.0"));
    }

    @Test
    void theStateDigestSeesEveryBit() {
        StateArrays a = sample().state();
        StateArrays b = new StateArrays();
        for (String name : a.names()) {
            if (a.holdsDoubles(name)) {
                double[] values = a.doublesOf(name);
                if (values.length > 0) {
                    values[0] = Double.longBitsToDouble(Double.doubleToRawLongBits(values[0]) ^ 1);
                }
                b.writer().doubles(name, values);
            } else {
                b.writer().longs(name, a.longsOf(name));
            }
        }
        assertEquals(CheckpointFormat.digest(a), CheckpointFormat.digest(sample().state()));
        assertNotEquals(CheckpointFormat.digest(a), CheckpointFormat.digest(b), "one bit of one weight changes it");
        assertEquals(64, CheckpointFormat.digest(a).length());
    }
}
