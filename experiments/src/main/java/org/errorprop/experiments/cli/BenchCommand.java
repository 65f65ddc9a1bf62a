package org.errorprop.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.errorprop.experiments.bench.PipelineBench;
import org.errorprop.experiments.data.EmbeddedDigits;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.framework.data.DataSplit;
import picocli.CommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.errorprop.experiments.bench.BenchReport;
import org.errorprop.experiments.bench.BenchmarkNetwork;
import org.errorprop.experiments.bench.BusyCore;
import org.errorprop.experiments.bench.GemmRate;
import org.errorprop.experiments.bench.StepProductsThroughput;
import org.errorprop.experiments.bench.Throughput;
import org.errorprop.experiments.bench.ThroughputSamples;
import org.errorprop.experiments.bench.TorchPeer;
import org.errorprop.experiments.bench.TrainingThroughput;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.run.RunMemory;
import org.errorprop.experiments.spec.OptimizerChoice;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.ScheduleChoice.Schedule;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.Normalization;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.methods.MethodCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code errorprop bench}: training throughput of the benchmark network (issue #6) for backprop ({@code bp}) and
 * one linear cSG between the halves ({@code sg}), with double products ({@code errorprop}) and float32 products
 * ({@code errorprop-f32mm}, issue #13), the machine's dgemm and sgemm rates in the same process, and, with
 * {@code --peer}, the PyTorch peer on the same network in float32 and float64 with the ratios; {@code --busy-core}
 * runs it all beside another process that keeps one core busy.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training samples per second of 784 -> depth x (Linear width + bias, BatchNorm, ReLU) -> 10 with "
                + "Adam, for backprop (bp) and one linear cSG between the halves (sg), with float64 and float32 "
                + "products; GFLOP/s against the machine's dgemm and sgemm rates; with --peer, PyTorch on the same network (one thread, f32 and f64, at the faster of"
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

    @Option(names = "--repeats", paramLabel = "N", description = "Measure every side N times (default 1), the sides"
            + " alternating within each repeat and their order rotating from one repeat to the next; the table gives"
            + " each side's best and median.")
    int repeats = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the weights and data (default 1).")
    long seed = 1;

    @Option(names = "--matmul-precision", split = ",", paramLabel = "P", description = "errorprop's sides: products"
            + " in float64 (impl errorprop), float32 (impl errorprop-f32mm) or both (default float64,float32).")
    List<String> matmulPrecisions = List.of("float64", "float32");

    @Option(names = "--busy-core", description = "Run the whole comparison with one core kept busy by another"
            + " process (yes > /dev/null), stopped at the end.")
    boolean busyCore;

    @Option(names = "--schedule", paramLabel = "S", description = "sequential (default: the comparison above) or "
            + "pipelined: cSG in the sequential schedule on 1..cores threads and pipelined in two stages (default "
            + "network 8 x 512), the throughput model, and accuracy over training time on the embedded digits.",
            converter = ScheduleName.class)
    Schedule schedule = Schedule.SEQUENTIAL;

    @Option(names = "--out", paramLabel = "DIR", description = "With --schedule pipelined: where the report, CSVs and "
            + "plots go (default runs/bench-pipelined; a new directory).")
    Path out;

    @Option(names = "--queue-capacity", paramLabel = "Q", description = "With --schedule pipelined: batches that may "
            + "wait between the stages (default 2).")
    int queueCapacity = 2;

    @Option(names = "--accuracy-epochs", paramLabel = "E", description = "With --schedule pipelined: epochs of the "
            + "accuracy-over-time runs (default 3; 0 skips them).")
    int accuracyEpochs = 3;

    @Option(names = "--accuracy-seeds", split = ",", paramLabel = "S", description = "With --schedule pipelined: "
            + "seeds of the accuracy-over-time runs (default 1,2,3).")
    List<Long> accuracySeeds = List.of(1L, 2L, 3L);

    BenchCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (schedule == Schedule.PIPELINED) {
            return pipelined(validatePipelined());
        }
        List<MatmulPrecision> precisions = validate();
        PrintWriter out = command.commandLine().getOut();
        Compute compute = environment.compute();
        out.println("compute: " + compute.describe() + ", OPENBLAS_NUM_THREADS="
                + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        List<TrainingThroughput> sides = new ArrayList<>();
        List<StepProductsThroughput> productsOnly = new ArrayList<>();
        for (MatmulPrecision precision : precisions) {
            sides.add(new TrainingThroughput(environment.nanoClock(), compute.withPrecision(precision)));
            productsOnly.add(new StepProductsThroughput(environment.nanoClock(), compute.withPrecision(precision)));
        }
        BusyCore busy = busyCore ? BusyCore.start() : null;
        try {
            if (busy != null) {
                out.println("busy core: yes > /dev/null running as process " + busy.pid());
            }
            measure(compute, sides, productsOnly, precisions, out);
        } finally {
            if (busy != null) {
                busy.close();
            }
        }
        return 0;
    }

    /** What {@code --schedule pipelined} measures, and with which products. */
    private record PipelinedBench(PipelineBench.Settings settings, MatmulPrecision precision) {
    }

    /** Checks every flag of {@code --schedule pipelined} before any work; returns what it measures. */
    private PipelinedBench validatePipelined() {
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        for (String unused : List.of("--peer", "--busy-core", "--methods", "--warm-up")) {
            if (parsed.hasMatchedOption(unused)) {
                throw new InvalidInputException(unused + " is not an option of bench --schedule pipelined (it measures "
                        + "cSG, sequential against pipelined); leave it out");
            }
        }
        int depth = parsed.hasMatchedOption("--depths") ? single(depths, "--depths") : 8;
        int units = parsed.hasMatchedOption("--width") ? width : 512;
        MatmulPrecision precision = parsed.hasMatchedOption("--matmul-precision")
                ? MatmulPrecision.parse(single(matmulPrecisions, "--matmul-precision")) : MatmulPrecision.FLOAT64;
        if (steps < 1 || steps > MAX_STEPS || repeats < 1 || repeats > MAX_REPEATS || queueCapacity < 1
                || accuracyEpochs < 0 || accuracyEpochs > 1000 || accuracySeeds.isEmpty()) {
            throw new InvalidInputException("bench --schedule pipelined needs --steps 1.." + MAX_STEPS + ", --repeats 1.."
                    + MAX_REPEATS + ", --queue-capacity >= 1, --accuracy-epochs 0..1000 and at least one seed");
        }
        return new PipelinedBench(new PipelineBench.Settings(new BenchmarkNetwork(depth, units, batch), steps, repeats,
                queueCapacity, seed, environment.compute().parts(), accuracyEpochs, accuracySeeds), precision);
    }

    /** {@code --schedule pipelined}: see {@link PipelineBench}. */
    private int pipelined(PipelinedBench bench) {
        Path directory = out != null ? out : Path.of("runs", "bench-pipelined");
        PrintWriter stdout = command.commandLine().getOut();
        try (OutputDirectory output = OutputDirectory.create(directory, OutputKind.BENCH)) {
            DataSplit digits = accuracyEpochs > 0 ? new EmbeddedDigits().load() : null;
            Compute compute = environment.compute();
            stdout.println("compute: " + compute.describe() + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores; sequential on 1.." + compute.parts() + " threads, pipelined 2 stages x 1 thread");
            new PipelineBench(environment.nanoClock(), compute.backend(), bench.precision())
                    .run(bench.settings(), digits, stdout, output.file("report.md").getParent(), csv);
            output.commit();
            stdout.println("wrote " + output.target().resolve("report.md"));
        }
        return 0;
    }

    private static <T> T single(List<T> values, String option) {
        if (values.size() != 1) {
            throw new InvalidInputException(option + " takes one value with --schedule pipelined, got " + values);
        }
        return values.get(0);
    }

    /**
     * Every repeat measures the dgemm and sgemm rates, then every side: errorprop's precisions and, with
     * {@code --peer}, PyTorch; the order of the sides rotates by one each repeat, so no side always runs first.
     */
    private void measure(Compute compute, List<TrainingThroughput> ours, List<StepProductsThroughput> productsOnly,
                         List<MatmulPrecision> precisions, PrintWriter out) {
        int gemmSize = Math.max(64, width * 2);
        List<Double> dgemm = new ArrayList<>();
        List<Double> sgemm = new ArrayList<>();
        ThroughputSamples samples = new ThroughputSamples();
        for (int depth : depths) {
            BenchmarkNetwork network = new BenchmarkNetwork(depth, width, batch);
            int sideCount = ours.size() + (peer ? 1 : 0);
            for (int repeat = 1; repeat <= repeats; repeat++) {
                String run = repeats > 1 ? " [run " + repeat + "/" + repeats + "]" : "";
                double d = new GemmRate(environment.nanoClock(), compute).gflopsPerSecond(MatmulPrecision.FLOAT64, gemmSize, 20);
                dgemm.add(d);
                out.println(String.format(Locale.ROOT, "dgemm (n = %d): %.1f GFLOP/s%s", gemmSize, d, run));
                if (precisions.contains(MatmulPrecision.FLOAT32)) {
                    double f = new GemmRate(environment.nanoClock(), compute).gflopsPerSecond(MatmulPrecision.FLOAT32, gemmSize, 20);
                    sgemm.add(f);
                    out.println(String.format(Locale.ROOT, "sgemm (n = %d): %.1f GFLOP/s%s", gemmSize, f, run));
                }
                for (int i = 0; i < sideCount; i++) {
                    int side = (i + repeat - 1) % sideCount;
                    if (side < ours.size()) {
                        for (String method : methods) {
                            Throughput t = ours.get(side).measure(network, method, warmUp, steps, seed);
                            Throughput alone = productsOnly.get(side).measure(network, method, warmUp, steps, seed);
                            samples.add(t);
                            samples.add(alone);
                            out.println(String.format(Locale.ROOT, "%s %s depth %d: %.0f samples/s, %.1f GFLOP/s"
                                    + " (its products alone: %.0f samples/s)%s", t.implementation(), method, depth,
                                    t.samplesPerSecond(), t.gflopsPerSecond(), alone.samplesPerSecond(), run));
                        }
                    } else {
                        measurePeer(network, run, samples, out);
                    }
                }
                out.flush();
            }
        }
        List<ThroughputSamples.Summary> results = samples.summaries();
        out.println(String.format(Locale.ROOT, "peak heap: at most %.0f MiB (the sum of the heap pools' peaks, an upper"
                + " bound) of a %.0f MiB maximum", peakHeapBytes() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0));
        if (compute.parts() > 1) {
            out.println(String.format(Locale.ROOT, "work splitter: %d passes split across %d parts, %d run whole on"
                    + " one thread (measured faster there, or trials)", compute.splitter().passesSplit(),
                    compute.parts(), compute.splitter().passesRunWhole()));
        }
        out.println(rateLine("dgemm", gemmSize, dgemm));
        if (!sgemm.isEmpty()) {
            out.println(rateLine("sgemm", gemmSize, sgemm));
        }
        out.println();
        double bestDgemm = dgemm.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double bestSgemm = sgemm.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        BenchReport report = new BenchReport(results, bestDgemm, bestSgemm);
        out.print(report.markdown());
        out.flush();
        if (csv != null) {
            writeCsv(report.csv());
        }
    }

    private static String rateLine(String name, int size, List<Double> rates) {
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%s (n = %d): best %.1f, median %.1f GFLOP/s over %d runs", name, size,
                sorted[sorted.length - 1], ThroughputSamples.median(sorted), sorted.length);
    }

    /**
     * PyTorch in float32 and float64, each with both BLAS thread settings; every result is printed, and the faster
     * setting of each kept as this repeat's run (PyTorch at its fastest).
     */
    private void measurePeer(BenchmarkNetwork network, String run, ThroughputSamples samples, PrintWriter out) {
        TorchPeer torch = new TorchPeer(python);
        for (boolean float64 : new boolean[] {false, true}) {
            java.util.Map<String, Throughput> faster = new java.util.LinkedHashMap<>();
            for (TorchPeer.BlasThreads blasThreads : TorchPeer.BlasThreads.values()) {
                for (Throughput t : torch.measure(network, steps, float64, blasThreads)) {
                    if (methods.contains(t.method())) {
                        out.println(String.format(Locale.ROOT, "%s %s depth %d (%s): %.0f samples/s%s",
                                t.implementation(), t.method(), network.depth(), blasThreads.label(),
                                t.samplesPerSecond(), run));
                        faster.merge(t.method(), t, (a, b) -> b.samplesPerSecond() > a.samplesPerSecond() ? b : a);
                    }
                }
            }
            faster.values().forEach(samples::add);
        }
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

    /** Checks every flag before any work; returns errorprop's precisions to measure. */
    private List<MatmulPrecision> validate() {
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
        List<MatmulPrecision> precisions = new ArrayList<>();
        for (String name : matmulPrecisions) {
            MatmulPrecision precision;
            try {
                precision = MatmulPrecision.parse(name);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--matmul-precision takes float64, float32 or both (float64,float32),"
                        + " not '" + name + "'");
            }
            if (!precisions.contains(precision)) {
                precisions.add(precision);
            }
        }
        if (precisions.isEmpty()) {
            throw new InvalidInputException("--matmul-precision needs float64, float32 or both");
        }
        for (MatmulPrecision precision : precisions) {
            environment.compute().withPrecision(precision);
        }
        for (int depth : depths) {
            new BenchmarkNetwork(depth, width, batch);
            RunSpec measured = new RunSpec(MethodCatalog.standard().choose("csg"), seed, 1, batch, OptimizerChoice.ADAM,
                    1e-3, 0.0, java.util.Collections.nCopies(depth, width), Activation.RELU, true, true,
                    LossFunction.SOFTMAX_CROSS_ENTROPY, DataSource.EMBEDDED, Normalization.MNIST, 0, 1.0,
                    MatmulPrecision.FLOAT64, org.errorprop.experiments.spec.ScheduleChoice.SEQUENTIAL);
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
        return precisions;
    }

    private void writeCsv(String text) {
        try {
            Path temporary = Files.createTempFile(csv.toAbsolutePath().getParent(), ".bench-", ".csv");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
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

    /** Reads {@code --schedule}: sequential or pipelined, in any case. */
    static final class ScheduleName implements CommandLine.ITypeConverter<Schedule> {
        @Override
        public Schedule convert(String value) {
            for (Schedule schedule : Schedule.values()) {
                if (schedule.name().equalsIgnoreCase(value)) {
                    return schedule;
                }
            }
            throw new CommandLine.TypeConversionException("--schedule takes sequential or pipelined, not '" + value
                    + "'");
        }
    }
}
