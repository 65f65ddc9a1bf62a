package org.errorprop.experiments.reproduce;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;

/**
 * What an experiment receives: its scale, the master seed, the MNIST-format data (loaded once, on
 * first use), the output directory, progress indicators, the compute context, and a memo for work shared between experiments.
 */
public final class ReproductionContext {
    private final Scale scale;
    private final long seed;
    private final DataSource data;
    private final OutputDirectory output;
    private final ProgressFactory progress;
    private final Compute compute;
    private final RunStore runs;
    private final Map<SharedResult<?>, Object> shared = new HashMap<>();
    private DataSplit digits;

    public ReproductionContext(Scale scale, long seed, DataSource data, OutputDirectory output,
                               ProgressFactory progress, Compute compute) {
        this(scale, seed, data, output, progress, compute, RunStore.inMemory());
    }

    /** With {@code runs} keeping the finished training runs (resume, shards). */
    public ReproductionContext(Scale scale, long seed, DataSource data, OutputDirectory output,
                               ProgressFactory progress, Compute compute, RunStore runs) {
        this.runs = Objects.requireNonNull(runs);
        this.scale = Objects.requireNonNull(scale);
        this.seed = seed;
        this.data = Objects.requireNonNull(data);
        this.output = Objects.requireNonNull(output);
        this.progress = Objects.requireNonNull(progress);
        this.compute = Objects.requireNonNull(compute);
    }

    /**
     * Where the experiments' networks compute. Independent runs side by side share it; the launcher gives
     * {@code reproduce} one part, so each run stays on its own thread.
     */
    public Compute compute() {
        return compute;
    }

    /** Where finished training runs are kept: {@link RunStore#inMemory()} unless {@code --runs} names a store. */
    public RunStore runs() {
        return runs;
    }

    public Scale scale() {
        return scale;
    }

    /** The master seed; experiments derive named streams from it ({@code new RandomStreams(seed)}). */
    public long seed() {
        return seed;
    }

    /**
     * The MNIST-format data, inputs scaled to [0, 1] and otherwise untouched (the paper's Supp. C:
     * "no other preprocessing"), one-hot targets; read on first use and kept.
     */
    public DataSplit digits() {
        if (digits == null) {
            digits = data.load();
        }
        return digits;
    }

    /** One line naming the data, for reports. */
    public String dataDescription() {
        return data.describe();
    }

    /** A file in the output directory (parents created), e.g. {@code file("fig3/rdm.png")}. */
    public Path file(String relative) {
        return output.file(relative);
    }

    /** Writes a text file into the output directory. */
    public void writeText(String relative, String text) {
        output.writeText(relative, text);
    }

    public Progress progress(String task, long total) {
        return progress.open(task, total);
    }

    /** The result of {@code work}, computed on the first request for {@code key} and remembered. */
    public <T> T shared(SharedResult<T> key, Supplier<T> work) {
        Object known = shared.get(key);
        if (known != null) {
            return key.type().cast(known);
        }
        T result = Objects.requireNonNull(work.get(), key.name());
        shared.put(key, result);
        return result;
    }
}
