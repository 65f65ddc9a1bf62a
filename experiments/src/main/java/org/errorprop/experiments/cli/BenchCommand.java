package org.errorprop.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.errorprop.experiments.bench.BenchmarkNetwork;
import org.errorprop.experiments.bench.DgemmRate;
import org.errorprop.experiments.bench.Throughput;
import org.errorprop.experiments.bench.TorchPeer;
import org.errorprop.experiments.bench.TrainingThroughput;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.run.RunMemory;
import org.errorprop.experiments.spec.OptimizerChoice;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.Normalization;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.methods.MethodCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code errorprop bench}: training throughput of the benchmark network (issue #6) for backprop ({@code bp}) and
 * one linear cSG between the halves ({@code sg}), the machine's dgemm rate in the same process, and, with
 * {@code --peer}, the PyTorch peer on the same network in float32 and float64 with the ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training samples per second of 784 -> depth x (Linear width + bias, BatchNorm, ReLU) -> 10 with "
                + "Adam, for backprop (bp) and one linear cSG between the halves (sg); GFLOP/s against the machine's "
                + "dgemm rate; with --peer, PyTorch on the same network (one thread, f32 and f64, at the faster of"
                + " OpenBLAS's default threads and one BLAS thread) and the ratios.")
final class BenchCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Spec
    CommandSpec command;

    static final int MAX_STEPS = 1_000_000;
    static final int MAX_REPEATS = 1_000;

    @Option(names = "--depths", split = ",", paramLabel = "D", description = "Hidden blocks (default 6,20).")
    List<Integer> depths = List.of(6, 20);

    @Option(names = "--width", paramLabel = "W", description = "Units per hidden block (default 256).")
    int width = 256;

    @Option(names = "--batch", paramLabel = "B", description = "Examples per step (default 128).")
    int batch = 128;

    @Option(names = "--steps", paramLabel = "N", description = "Timed steps per measurement (default 100).")
    int steps = 100;

    @Option(names = "--warm-up", paramLabel = "N", description = "Untimed steps before each measurement (default 20).")
    int warmUp = 20;

    @Option(names = "--methods", split = ",", paramLabel = "M", description = "bp, sg or both (default bp,sg).")
    List<String> methods = List.of("bp", "sg");

    @Option(names = "--peer", description = "Also run the PyTorch peer (needs Debian's python3-torch).")
    boolean peer;

    @Option(names = "--python", paramLabel = "PATH",
            description = "The Python with PyTorch for --peer (default " + TorchPeer.DEBIAN_PYTHON + ").")
    Path python = Path.of(TorchPeer.DEBIAN_PYTHON);

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write method,depth,impl,samples_per_second,gflops_per_second to FILE.")
    Path csv;

    @Option(names = "--repeats", paramLabel = "N", description = "Measure each side N times, alternating, and keep"
            + " each side's fastest run (default 1; other load on the machine only slows a run down).")
    int repeats = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the weights and data (default 1).")
    long seed = 1;

    BenchCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        validate();
        PrintWriter out = command.commandLine().getOut();
        Compute compute = environment.compute();
        out.println("compute: " + compute.describe() + ", OPENBLAS_NUM_THREADS="
                + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        int dgemmSize = Math.max(64, width * 2);
        double dgemm = 0;
        // Other tenants only ever slow a run down, so with --repeats each side keeps its fastest run, and the
        // runs of errorprop and of the peer alternate: both sides are sampled across the same stretch of time.
        java.util.Map<RowKey, Throughput> fastest = new java.util.LinkedHashMap<>();
        TrainingThroughput ours = new TrainingThroughput(environment.nanoClock(), compute);
        for (int depth : depths) {
            BenchmarkNetwork network = new BenchmarkNetwork(depth, width, batch);
            for (int repeat = 1; repeat <= repeats; repeat++) {
                String run = repeats > 1 ? " [run " + repeat + "/" + repeats + "]" : "";
                double rate = new DgemmRate(environment.nanoClock(), compute.blas()).gflopsPerSecond(dgemmSize, 20);
                dgemm = Math.max(dgemm, rate);
                out.println(String.format(Locale.ROOT, "dgemm (n = %d): %.1f GFLOP/s%s", dgemmSize, rate, run));
                for (String method : methods) {
                    Throughput t = ours.measure(network, method, warmUp, steps, seed);
                    keepFastest(fastest, t);
                    out.println(String.format(Locale.ROOT, "errorprop %s depth %d: %.0f samples/s, %.1f GFLOP/s%s",
                            method, depth, t.samplesPerSecond(), t.gflopsPerSecond(), run));
                }
                if (peer) {
                    measurePeer(network, run, fastest, out);
                }
                out.flush();
            }
        }
        List<Throughput> results = new ArrayList<>(fastest.values());
        out.println(String.format(Locale.ROOT, "peak heap: at most %.0f MiB (the sum of the heap pools' peaks, an upper"
                + " bound) of a %.0f MiB maximum", peakHeapBytes() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0));
        out.println();
        out.print(table(results, dgemm));
        out.flush();
        if (csv != null) {
            writeCsv(results);
        }
        return 0;
    }

    /** PyTorch in float32 and float64, each with both BLAS thread settings; every result is printed. */
    private void measurePeer(BenchmarkNetwork network, String run, java.util.Map<RowKey, Throughput> fastest,
                             PrintWriter out) {
        TorchPeer torch = new TorchPeer(python);
        for (boolean float64 : new boolean[] {false, true}) {
            for (TorchPeer.BlasThreads blasThreads : TorchPeer.BlasThreads.values()) {
                for (Throughput t : torch.measure(network, steps, float64, blasThreads)) {
                    if (methods.contains(t.method())) {
                        out.println(String.format(Locale.ROOT, "%s %s depth %d (%s): %.0f samples/s%s",
                                t.implementation(), t.method(), network.depth(), blasThreads.label(),
                                t.samplesPerSecond(), run));
                        keepFastest(fastest, t);
                    }
                }
            }
        }
    }

    /** One row of the table: a method at a depth on one implementation. */
    private record RowKey(String method, int depth, String implementation) {
    }

    private static void keepFastest(java.util.Map<RowKey, Throughput> fastest, Throughput t) {
        fastest.merge(new RowKey(t.method(), t.depth(), t.implementation()), t,
                (a, b) -> b.samplesPerSecond() > a.samplesPerSecond() ? b : a);
    }

    /** The sum over heap pools of each pool's peak use: at least the true peak, since pools peak at different times. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private void validate() {
        if (depths.isEmpty() || steps < 1 || warmUp < 0 || repeats < 1) {
            throw new InvalidInputException("bench needs at least one depth, --steps >= 1, --warm-up >= 0 and"
                    + " --repeats >= 1");
        }
        // A measurement's spread is settled long before these bounds; beyond them a typo only burns hours.
        if (steps > MAX_STEPS || warmUp > MAX_STEPS || repeats > MAX_REPEATS) {
            throw new InvalidInputException("bench takes --steps from 1 to " + MAX_STEPS + ", --warm-up from 0 to "
                    + MAX_STEPS + " and --repeats from 1 to " + MAX_REPEATS + ", got " + steps + ", " + warmUp + " and "
                    + repeats);
        }
        for (String method : methods) {
            if (!method.equals("bp") && !method.equals("sg")) {
                throw new InvalidInputException("unknown bench method '" + method + "'; known: bp, sg");
            }
        }
        for (int depth : depths) {
            new BenchmarkNetwork(depth, width, batch);
            RunSpec measured = new RunSpec(MethodCatalog.standard().choose("csg"), seed, 1, batch, OptimizerChoice.ADAM,
                    1e-3, 0.0, java.util.Collections.nCopies(depth, width), Activation.RELU, true, true,
                    LossFunction.SOFTMAX_CROSS_ENTROPY, DataSource.EMBEDDED, Normalization.MNIST, 0, 1.0);
            RunMemory.of(measured, BenchmarkNetwork.INPUTS, BenchmarkNetwork.CLASSES, 0, 0)
                    .requireFits("bench at depth " + depth);
        }
        if (peer) {
            new TorchPeer(python).requireInterpreter();
        }
        if (csv != null && csv.getParent() != null && !Files.isDirectory(csv.toAbsolutePath().getParent())) {
            throw new InvalidInputException("--csv " + csv + ": its directory does not exist");
        }
        if (csv != null && Files.exists(csv, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("--csv " + csv + " exists; errorprop does not overwrite files: remove it "
                    + "or choose another name");
        }
    }

    private static String table(List<Throughput> results, double dgemm) {
        MarkdownTable table = new MarkdownTable("method", "depth", "impl", "samples/s", "GFLOP/s", "% of dgemm",
                "x pytorch-f64", "x pytorch-f32");
        for (Throughput t : results) {
            boolean ours = t.implementation().equals("errorprop");
            table.add(t.method(), Integer.toString(t.depth()), t.implementation(),
                    String.format(Locale.ROOT, "%.0f", t.samplesPerSecond()),
                    ours ? String.format(Locale.ROOT, "%.1f", t.gflopsPerSecond()) : "",
                    ours ? String.format(Locale.ROOT, "%.0f%%", 100 * t.gflopsPerSecond() / dgemm) : "",
                    ours ? ratio(t, results, "pytorch-f64") : "", ours ? ratio(t, results, "pytorch-f32") : "");
        }
        return table.text();
    }

    private static String ratio(Throughput ours, List<Throughput> results, String implementation) {
        return results.stream()
                .filter(t -> t.implementation().equals(implementation) && t.method().equals(ours.method())
                        && t.depth() == ours.depth())
                .findFirst()
                .map(t -> String.format(Locale.ROOT, "%.2f", ours.samplesPerSecond() / t.samplesPerSecond()))
                .orElse("");
    }

    private void writeCsv(List<Throughput> results) {
        CsvTable table = new CsvTable("method", "depth", "impl", "samples_per_second", "gflops_per_second");
        for (Throughput t : results) {
            table.add(t.method(), t.depth(), t.implementation(), t.samplesPerSecond(), t.gflopsPerSecond());
        }
        try {
            Path temporary = Files.createTempFile(csv.toAbsolutePath().getParent(), ".bench-", ".csv");
            Files.writeString(temporary, table.text(), StandardCharsets.UTF_8);
            try (java.nio.channels.FileChannel written = java.nio.channels.FileChannel.open(temporary)) {
                written.force(true);  // on the disk before its name appears
            }
            try {
                // a hard link appears whole and fails if the name was taken meanwhile: never an overwrite
                Files.createLink(csv, temporary);
            } finally {
                Files.delete(temporary);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new InvalidInputException("--csv " + csv + " appeared while the benchmark ran; errorprop does not "
                    + "overwrite files (the results are in the table above)", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write --csv " + csv + ": " + e.getMessage(), e);
        }
    }
}
