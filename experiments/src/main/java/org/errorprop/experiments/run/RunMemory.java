package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.training.EvaluationPass;

/**
 * The heap one training run needs, estimated from its shapes before anything is built, and the check that
 * refuses a run that cannot fit, with one line naming the estimate, the heap available and how to get more.
 *
 * <p>Formula, in doubles (8 bytes). With widths {@code w_0} (input) .. {@code w_K} (output), {@code R =
 * max(batch, 256)} rows (the evaluation batch; training batches are no larger) and {@code c} copies of every
 * trainable matrix (value, gradient and the optimiser's moments: 2, 3 for momentum, 4 for Adam):
 * <ul>
 *   <li>network: {@code c × Σ_k (w_{k-1} w_k + w_k [bias] + 2 w_k [BatchNorm scale, shift]) + 6 w_k [BatchNorm
 *       statistics]};</li>
 *   <li>workspaces: {@code R × Σ_k (w_{k-1} + 6 w_k)} (a linear map's output and input gradient; BatchNorm's
 *       three; the non-linearity's two), {@code 3 R (w_0 + w_K)} for the batch, the evaluation batch and the
 *       loss, and {@code R × Σ hidden w_k} for the probe's true gradients;</li>
 *   <li>the rule's own state: {@link org.errorprop.methods.ChosenMethod#stateDoubles} (synthesizers with their
 *       moments, feedback matrices, workspaces);</li>
 *   <li>the data: {@code (train + test) × (w_0 + w_K)}, held normalised (reported; it is already on the heap
 *       when the check runs after loading).</li>
 * </ul>
 * Slack: the estimate is 1.25 times the sum plus 16 MiB, for object headers, EJML's and the JVM's own
 * allocations and heap fragmentation. Every matrix must also fit a Java array ({@value #MAX_ARRAY} elements):
 * a larger one is refused the same way, so EJML never sees it.
 *
 * @param networkDoubles    the network's parameters with their copies and BatchNorm statistics
 * @param workspaceDoubles  the batch-sized workspaces
 * @param ruleDoubles       the rule's own state
 * @param dataDoubles       the normalised data set (0 if unknown)
 * @param largestMatrix     elements of the largest single matrix the run allocates (its shape in {@code largestShape})
 * @param largestShape      that matrix, as text such as {@code 100000 x 100000 weights}
 */
public record RunMemory(double networkDoubles, double workspaceDoubles, double ruleDoubles, double dataDoubles,
                        double largestMatrix, String largestShape) {
    /** Elements a Java array may hold on the usual JVMs (a few below {@code Integer.MAX_VALUE}). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The multiplicative slack on the formula's sum. */
    public static final double SLACK_FACTOR = 1.25;
    private static final String SMALLER = "make the network or the batch smaller";
    /** Beyond this heap, in GiB, no machine errorprop runs on has the memory: only a smaller run helps. */
    private static final long MAX_SUGGESTED_GIGABYTES = 4096;
    /** The additive slack, in bytes. */
    public static final long SLACK_BYTES = 16L << 20;

    /**
     * The estimate for {@code spec} on data of the given widths and sizes (0 examples when the data is not
     * loaded yet). Computed in doubles, so absurd sizes never overflow.
     */
    public static RunMemory of(RunSpec spec, int inputWidth, int outputWidth, long trainExamples, long testExamples) {
        List<Integer> widths = new ArrayList<>();
        widths.add(inputWidth);
        widths.addAll(spec.hiddenWidths());
        widths.add(outputWidth);
        int rows = Math.max(spec.batchSize(), EvaluationPass.BATCH);
        int copies = 2 + switch (spec.optimizer()) {
            case SGD -> 0;
            case MOMENTUM -> 1;
            case ADAM -> 2;
        };
        double network = 0;
        double workspaces = 3.0 * rows * (inputWidth + outputWidth);
        double largest = (double) rows * inputWidth;
        String largestShape = rows + " x " + inputWidth + " batch";
        for (int k = 1; k < widths.size(); k++) {
            double in = widths.get(k - 1);
            double out = widths.get(k);
            network += copies * (in * out + (spec.bias() ? out : 0) + (spec.batchNorm() ? 2 * out : 0))
                    + (spec.batchNorm() ? 6 * out : 0);
            workspaces += rows * (in + 6 * out) + (k < widths.size() - 1 ? rows * out : 0);
            if (in * out > largest) {
                largest = in * out;
                largestShape = (long) in + " x " + (long) out + " weights";
            }
            if ((double) rows * out > largest) {
                largest = (double) rows * out;
                largestShape = rows + " x " + (long) out + " workspace";
            }
        }
        double rule = largest > MAX_ARRAY ? 0
                : spec.rule().stateDoubles(new NetworkShape(widths), rows, copies);
        double data = (double) (trainExamples + testExamples) * (inputWidth + outputWidth);
        if ((double) trainExamples * inputWidth > largest) {
            largest = (double) trainExamples * inputWidth;
            largestShape = trainExamples + " x " + inputWidth + " training inputs";
        }
        return new RunMemory(network, workspaces, rule, data, largest, largestShape);
    }

    /** Bytes the run still has to allocate, with the slack: network, workspaces and the rule's state. */
    public double bytesToBuild() {
        return SLACK_FACTOR * Double.BYTES * (networkDoubles + workspaceDoubles + ruleDoubles) + SLACK_BYTES;
    }

    /** Bytes of the data, with the slack factor. */
    public double dataBytes() {
        return SLACK_FACTOR * Double.BYTES * dataDoubles;
    }

    /** The heap this JVM can still give: its maximum minus what is in use (after a collection if that is short of {@code wanted}). */
    public static long availableHeap(double wanted) {
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (available < wanted) {
            System.gc();
            available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        }
        return available;
    }

    /** Refuses the run unless it fits in the heap this JVM can still give; {@code what} names it ("this run"). */
    public void requireFits(String what) {
        requireFits(what, largestMatrix > MAX_ARRAY ? 0 : availableHeap(bytesToBuild()), Runtime.getRuntime().maxMemory());
    }

    /** Refuses the run unless it fits in {@code available} bytes of a heap of {@code maximum} bytes. */
    public void requireFits(String what, long available, long maximum) {
        double needed = bytesToBuild();
        String estimate = String.format(Locale.ROOT, "%s needs about %s of heap (network %s, rule %s, workspaces %s%s)",
                what, bytes(needed), bytes(SLACK_FACTOR * 8 * networkDoubles), bytes(SLACK_FACTOR * 8 * ruleDoubles),
                bytes(SLACK_FACTOR * 8 * workspaceDoubles),
                dataDoubles > 0 ? ", beside the data's " + bytes(dataBytes()) : "");
        if (largestMatrix > MAX_ARRAY) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s, and its %s matrix would have %.3g "
                    + "elements, more than a Java array holds (%d); %s", estimate, largestShape, largestMatrix, MAX_ARRAY,
                    SMALLER));
        }
        if (needed > available) {
            long gigabytes = suggestedGigabytes(needed, maximum - available);
            throw new InvalidInputException(String.format(Locale.ROOT, "%s but this JVM has %s available of a %s "
                    + "maximum; %s", estimate, bytes(available), bytes(maximum), gigabytes > MAX_SUGGESTED_GIGABYTES
                    ? SMALLER : "give Java more with ERRORPROP_JAVA_OPTS=-Xmx" + gigabytes + "g, or " + SMALLER));
        }
    }

    private static long suggestedGigabytes(double needed, long inUse) {
        double gigabytes = Math.ceil((needed + Math.max(0, inUse)) * 1.1 / (1L << 30));
        return gigabytes > 1e6 ? 1_000_000 : Math.max(1, (long) gigabytes);
    }

    /** {@code bytes} in B, KiB, MiB, GiB or TiB, three significant figures. */
    static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.3g %s", bytes, units[unit]);
    }
}
