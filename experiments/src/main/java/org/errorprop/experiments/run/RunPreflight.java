package org.errorprop.experiments.run;

import java.util.Locale;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;

/**
 * The checks a run passes before it is built, so that a run that cannot work is refused with one line instead
 * of failing part way: {@link #beforeLoading} (the memory of the network alone, before the data is read) and
 * {@link #withData} (the batch against the training set, then the memory of the whole run). Every command that
 * trains from a {@link RunSpec} calls both ({@code train}, {@code compare} per run, {@code sweep} per cell).
 */
public final class RunPreflight {
    private RunPreflight() {
    }

    /**
     * Refuses a spec whose network alone (one input, one output, no data) does not fit in the heap: such a
     * spec is refused without reading its data or allocating anything.
     */
    public static void beforeLoading(RunSpec spec, String what) {
        RunMemory.of(spec, 1, 1, 0, 0).requireFits(what);
    }

    /**
     * Refuses a spec that cannot train on {@code data}: a batch larger than the training set; with BatchNorm, a
     * last batch of one example (training set size ≡ 1 mod batch size: its batch statistics are undefined, as
     * for {@code --batch-size 1}); or a run that does not fit in the heap left once the data is loaded.
     */
    public static void withData(RunSpec spec, DataSplit data, String what) {
        int examples = data.train().size();
        int batch = spec.batchSize();
        if (batch > examples) {
            throw new InvalidInputException("batch size " + batch + " is larger than the training set, which has "
                    + examples + " examples; choose --batch-size " + examples + " or less");
        }
        if (spec.batchNorm() && examples % batch == 1) {
            throw new InvalidInputException(String.format(Locale.ROOT, "with batch size %d the %d training examples "
                    + "end each epoch with a batch of 1 example (%d = %d x %d + 1), whose BatchNorm statistics are "
                    + "undefined; choose another batch size (e.g. %d) or a spec with batch_norm: false", batch,
                    examples, examples, examples / batch, batch, nearestSafeBatch(examples, batch)));
        }
        RunMemory.of(spec, data.train().inputWidth(), data.train().outputWidth(), examples, data.test().size())
                .requireFits(what);
    }

    /** The batch size nearest to {@code batch} (at least 2, at most {@code examples}) that leaves no batch of one. */
    static int nearestSafeBatch(int examples, int batch) {
        for (int distance = 1; distance <= examples; distance++) {
            for (int candidate : new int[] {batch + distance, batch - distance}) {
                if (candidate >= 2 && candidate <= examples && examples % candidate != 1) {
                    return candidate;
                }
            }
        }
        return examples;
    }
}
