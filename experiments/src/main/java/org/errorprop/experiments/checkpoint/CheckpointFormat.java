package org.errorprop.experiments.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.training.BoundaryDiagnostics;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;

/**
 * The bytes of a {@link Checkpoint}, version {@value #VERSION}, big-endian:
 * <pre>
 * magic    8 bytes  "EPROPCKP"
 * version  u32      1
 * length   u64      bytes of the body
 * body     spec (u32 length, UTF-8), epochs (u32), arrays (u32 count, then each: name (u16 length, UTF-8),
 *          type (u8: 'D' doubles, 'L' longs), count (u32), values (8 bytes each, doubles as their raw bits))
 * sha256   32 bytes over everything before it
 * </pre>
 * The arrays are the trainer's state under {@code state/} and the history under {@code history/} (metrics: 6
 * numbers per epoch; diagnostics: the epochs, 5 numbers per boundary and the weight norms). A file that is not
 * one, of another version, truncated, or whose checksum does not match is refused with one line
 * ({@link InvalidInputException}) before any of it is used.
 */
public final class CheckpointFormat {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "EPROPCKP".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 8;
    private static final int DIGEST = 32;
    private static final String STATE = "state";
    private static final String HISTORY = "history";
    /** Numbers per epoch of metrics, and per boundary of an epoch's diagnostics. */
    private static final int METRICS = 6;
    private static final int BOUNDARY = 5;

    private CheckpointFormat() {
    }

    public static byte[] encode(Checkpoint checkpoint) {
        StateArrays all = new StateArrays();
        copy(checkpoint.state(), all.writer().under(STATE));
        writeHistory(checkpoint.metrics(), checkpoint.diagnostics(), all.writer().under(HISTORY));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            byte[] spec = checkpoint.spec().getBytes(StandardCharsets.UTF_8);
            out.writeInt(spec.length);
            out.write(spec);
            out.writeInt(checkpoint.epochs());
            writeArrays(all, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] content = body.toByteArray();
        ByteBuffer file = ByteBuffer.allocate(HEADER + content.length + DIGEST);
        file.put(MAGIC).putInt(VERSION).putLong(content.length).put(content);
        file.put(sha256(file.array(), 0, HEADER + content.length));
        return file.array();
    }

    /**
     * The checkpoint in {@code bytes}, checked whole first; {@code shown} names the file in messages. Whether it
     * belongs to the run at hand (its spec, its network) is for the caller to check.
     */
    public static Checkpoint decode(byte[] bytes, String shown) {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InvalidInputException(shown + " is not an errorprop checkpoint");
        }
        if (bytes.length < HEADER + DIGEST) {
            throw new InvalidInputException(shown + " is truncated (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new InvalidInputException(shown + " has checkpoint format " + Integer.toUnsignedString(version)
                    + ", this errorprop reads format " + VERSION);
        }
        long length = in.getLong();
        long expected = (long) bytes.length - HEADER - DIGEST;
        if (length != expected) {
            throw new InvalidInputException(shown + (Long.compareUnsigned(length, expected) > 0 ? " is truncated"
                    : " has bytes after its end") + " (its header says " + Long.toUnsignedString(length)
                    + " bytes of content, it has " + expected + ")");
        }
        byte[] digest = sha256(bytes, 0, bytes.length - DIGEST);
        if (!Arrays.equals(digest, 0, DIGEST, bytes, bytes.length - DIGEST, bytes.length)) {
            throw new InvalidInputException(shown + " is corrupt: its SHA-256 checksum does not match its content");
        }
        try {
            ByteBuffer body = ByteBuffer.wrap(bytes, HEADER, (int) length).slice();
            String spec = new String(take(body, body.getInt()), StandardCharsets.UTF_8);
            int epochs = body.getInt();
            StateArrays all = readArrays(body);
            if (body.hasRemaining()) {
                throw new IllegalArgumentException("bytes after the last array");
            }
            StateArrays state = new StateArrays();
            StateArrays history = new StateArrays();
            String statePrefix = STATE + "/";
            String historyPrefix = HISTORY + "/";
            for (String name : all.names()) {
                if (name.startsWith(statePrefix)) {
                    copyArray(all, name, state.writer(), name.substring(statePrefix.length()));
                } else if (name.startsWith(historyPrefix)) {
                    copyArray(all, name, history.writer(), name.substring(historyPrefix.length()));
                } else {
                    throw new IllegalArgumentException("an array outside state/ and history/: " + name);
                }
            }
            List<EpochMetrics> metrics = readMetrics(history, epochs);
            List<EpochDiagnostics> diagnostics = readDiagnostics(history, epochs);
            return new Checkpoint(spec, epochs, state, metrics, diagnostics);
        } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException | InvalidInputException e) {
            throw new InvalidInputException(shown + " is corrupt: " + (e.getMessage() == null ? "it ends too early"
                    : e.getMessage()), e);
        }
    }

    /** The SHA-256 of {@code state}'s names, types and values as this format writes them, in hex. */
    public static String digest(StateArrays state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeArrays(state, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        return HexFormat.of().formatHex(sha256(all, 0, all.length));
    }

    private static void writeArrays(StateArrays arrays, DataOutputStream out) throws IOException {
        List<String> names = arrays.names();
        out.writeInt(names.size());
        for (String name : names) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 0xFFFF) {
                throw new IllegalStateException("state array name too long: " + name);
            }
            out.writeShort(utf8.length);
            out.write(utf8);
            if (arrays.holdsDoubles(name)) {
                double[] values = arrays.doublesOf(name);
                out.writeByte('D');
                out.writeInt(values.length);
                for (double v : values) {
                    out.writeLong(Double.doubleToRawLongBits(v));
                }
            } else {
                long[] values = arrays.longsOf(name);
                out.writeByte('L');
                out.writeInt(values.length);
                for (long v : values) {
                    out.writeLong(v);
                }
            }
        }
    }

    private static StateArrays readArrays(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0) {
            throw new IllegalArgumentException("a negative number of arrays");
        }
        StateArrays arrays = new StateArrays();
        StateWriter out = arrays.writer();
        for (int a = 0; a < count; a++) {
            String name = new String(take(in, Short.toUnsignedInt(in.getShort())), StandardCharsets.UTF_8);
            byte type = in.get();
            int length = in.getInt();
            if (length < 0 || (long) length * 8 > in.remaining()) {
                throw new IllegalArgumentException("array " + name + " declares " + Integer.toUnsignedString(length)
                        + " values, more than the file holds");
            }
            if (type == 'D') {
                double[] values = new double[length];
                for (int i = 0; i < length; i++) {
                    values[i] = Double.longBitsToDouble(in.getLong());
                }
                out.doubles(name, values);
            } else if (type == 'L') {
                long[] values = new long[length];
                for (int i = 0; i < length; i++) {
                    values[i] = in.getLong();
                }
                out.longs(name, values);
            } else {
                throw new IllegalArgumentException("array " + name + " has an unknown type " + type);
            }
        }
        return arrays;
    }

    private static byte[] take(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a length of " + Integer.toUnsignedString(length)
                    + " bytes runs past the end");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static void copy(StateArrays from, StateWriter to) {
        for (String name : from.names()) {
            copyArray(from, name, to, name);
        }
    }

    private static void copyArray(StateArrays from, String name, StateWriter to, String as) {
        if (from.holdsDoubles(name)) {
            to.doubles(as, from.doublesOf(name));
        } else {
            to.longs(as, from.longsOf(name));
        }
    }

    private static void writeHistory(List<EpochMetrics> metrics, List<EpochDiagnostics> diagnostics, StateWriter out) {
        double[] m = new double[metrics.size() * METRICS];
        for (int e = 0; e < metrics.size(); e++) {
            EpochMetrics x = metrics.get(e);
            System.arraycopy(new double[] {x.epoch(), x.trainLoss(), x.trainAccuracy(), x.testLoss(), x.testAccuracy(),
                x.seconds()}, 0, m, e * METRICS, METRICS);
        }
        out.doubles("metrics", m);
        int boundaries = diagnostics.isEmpty() ? 0 : diagnostics.get(0).boundaries().size();
        int norms = diagnostics.isEmpty() ? 0 : diagnostics.get(0).weightNorms().size();
        long[] epochs = new long[diagnostics.size()];
        double[] b = new double[diagnostics.size() * boundaries * BOUNDARY];
        double[] w = new double[diagnostics.size() * norms];
        for (int e = 0, at = 0; e < diagnostics.size(); e++) {
            EpochDiagnostics d = diagnostics.get(e);
            if (d.boundaries().size() != boundaries || d.weightNorms().size() != norms) {
                throw new IllegalArgumentException("the epochs' diagnostics differ in shape");
            }
            epochs[e] = d.epoch();
            for (BoundaryDiagnostics x : d.boundaries()) {
                double[] row = {x.boundary(), x.cosine(), x.normRatio(), x.learningLoss(), x.probedSteps()};
                System.arraycopy(row, 0, b, at, BOUNDARY);
                at += BOUNDARY;
            }
            for (int j = 0; j < norms; j++) {
                w[e * norms + j] = d.weightNorms().get(j);
            }
        }
        out.longs("diagnostics/shape", new long[] {boundaries, norms});
        out.longs("diagnostics/epochs", epochs);
        out.doubles("diagnostics/boundaries", b);
        out.doubles("diagnostics/weight-norms", w);
    }

    private static List<EpochMetrics> readMetrics(StateArrays history, int epochs) {
        double[] m = new double[Math.multiplyExact(epochs, METRICS)];
        history.reader().doubles("metrics", m);
        List<EpochMetrics> metrics = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            int at = e * METRICS;
            if (m[at] != e + 1) {
                throw new IllegalArgumentException("its metrics hold epoch " + m[at] + " in place of " + (e + 1));
            }
            metrics.add(new EpochMetrics(e + 1, m[at + 1], m[at + 2], m[at + 3], m[at + 4], m[at + 5]));
        }
        return metrics;
    }

    private static List<EpochDiagnostics> readDiagnostics(StateArrays history, int epochs) {
        StateReader in = history.reader().under("diagnostics");
        long[] shape = new long[2];
        in.longs("shape", shape);
        long[] epochNumbers = new long[history.longsOf("diagnostics/epochs").length];
        in.longs("epochs", epochNumbers);
        int count = epochNumbers.length;
        if (count != 0 && count != epochs || shape[0] < 0 || shape[1] < 0 || shape[0] > 1 << 20 || shape[1] > 1 << 20) {
            throw new IllegalArgumentException("its diagnostics have an impossible shape");
        }
        int boundaries = (int) shape[0];
        int norms = (int) shape[1];
        double[] b = new double[Math.multiplyExact(Math.multiplyExact(count, boundaries), BOUNDARY)];
        double[] w = new double[Math.multiplyExact(count, norms)];
        in.doubles("boundaries", b);
        in.doubles("weight-norms", w);
        history.requireAllRead();
        List<EpochDiagnostics> diagnostics = new ArrayList<>();
        for (int e = 0, at = 0; e < count; e++) {
            if (epochNumbers[e] != e + 1) {
                throw new IllegalArgumentException("its diagnostics hold epoch " + epochNumbers[e] + " in place of "
                        + (e + 1));
            }
            List<BoundaryDiagnostics> rows = new ArrayList<>();
            for (int k = 0; k < boundaries; k++, at += BOUNDARY) {
                rows.add(new BoundaryDiagnostics((int) b[at], b[at + 1], b[at + 2], b[at + 3], (int) b[at + 4]));
            }
            List<Double> weightNorms = new ArrayList<>();
            for (int j = 0; j < norms; j++) {
                weightNorms.add(w[e * norms + j]);
            }
            diagnostics.add(new EpochDiagnostics(e + 1, rows, weightNorms));
        }
        return diagnostics;
    }

    private static byte[] sha256(byte[] bytes, int from, int to) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, from, to - from);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
