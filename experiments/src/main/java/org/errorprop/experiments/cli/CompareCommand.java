package org.errorprop.experiments.cli;

import static org.errorprop.experiments.cli.ErrorpropCli.invocation;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.errorprop.experiments.report.CurvePlot;
import org.errorprop.experiments.run.ComparisonSummary;
import org.errorprop.experiments.run.ConsoleProgress;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.experiments.run.RunArtifacts;
import org.errorprop.experiments.run.RunPreflight;
import org.errorprop.experiments.run.RunResult;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.BoundaryDiagnostics;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.methods.ChosenMethod;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.options.OptionKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code errorprop compare}: several rules on the same network, the same initial weights and the
 * same data order (one seed fixes both), over several seeds. A run that diverges is recorded as such and the
 * comparison goes on; the exit code is then {@link ErrorpropCli#DIVERGED}, after everything is written.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train several propagation rules on the same network, weights and data order, over several "
                + "seeds; write summary.csv, summary.md, learning-curves.png and one run directory per run.",
        footer = SpecOptions.RULE_OPTIONS_HELP + " In compare, each goes to the compared rules that take it.")
final class CompareCommand extends TrainingCommand implements Callable<Integer> {
    /**
     * The default comparison: backprop, the label-conditioned synthetic gradient, direct feedback
     * alignment and the shallow control, two seeds; about a minute and a half on the embedded digits.
     */
    @Option(names = "--methods", paramLabel = "A,B", split = ",",
            description = "Rules to compare (default backprop,csg,dfa,shallow; `errorprop info` lists them all).")
    List<String> methods = List.of("backprop", "csg", "dfa", "shallow");

    @Option(names = "--seeds", paramLabel = "1,2,3", split = ",", description = "Seeds (default 1,2).")
    List<Long> seeds = List.of(1L, 2L);

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to create (default runs/compare).")
    Path out;

    CompareCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        MethodCatalog catalog = cli.catalog();
        List<String> chosen = List.copyOf(new LinkedHashSet<>(methods));
        if (seeds.isEmpty() || new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new InvalidInputException("--seeds must list distinct seeds, got " + seeds);
        }
        Map<String, Object> ruleOptions = SpecOptions.ruleOptions(ruleArguments);
        RunSpec base = specOptions.resolveShared(catalog, ruleOptions);
        Map<String, RunSpec> specs = perMethod(catalog, base, chosen, ruleOptions);
        for (String method : chosen) {
            RunPreflight.beforeLoading(specs.get(method), "a run of " + method);
        }
        Path target = out != null ? out : Path.of("runs", "compare");
        ComparisonSummary summary = new ComparisonSummary();
        try (OutputDirectory directory = OutputDirectory.create(target, OutputKind.COMPARISON)) {
            PreparedData data = PreparedData.load(base, environment.mnist());
            for (String method : chosen) {
                RunPreflight.withData(specs.get(method), data.split(), "a run of " + method);
                MethodWarnings.report(specs.get(method), data.split(), environment.err());
            }
            var provenance = Provenance.withData(Provenance.ofThisProcess(invocation(command), environment.compute()),
                    data.provenance());
            int inputs = data.split().train().inputWidth();
            int outputs = data.split().train().outputWidth();
            long stepsPerRun = Trainer.steps(base.training(), data.split().train().size());
            try (ConsoleProgress progress = environment.progressBars()
                    ? new ConsoleProgress("compare", stepsPerRun * chosen.size() * seeds.size(), environment.err())
                    : null) {
                TrainingListener listener = progress == null ? TrainingListener.NONE : progress;
                for (String method : chosen) {
                    for (long seed : seeds) {
                        RunSpec spec = specs.get(method).withSeed(seed);
                        RunResult result = Trainer.start(TrainingSetup.of(spec, inputs, outputs, environment.compute()))
                                .epochs(data.split(), spec.training(), spec.probeEvery(), environment.nanoClock(),
                                        listener);
                        summary.add(method, seed, result);
                        if (result.diverged()) {
                            environment.err().println(command.qualifiedName() + ": " + method + " seed " + seed
                                    + " diverged: " + result.divergence().get().describe() + "; going on");
                        }
                        RunArtifacts.write(directory, "runs/" + method + "-seed" + seed + "/", spec, data.description(),
                                provenance, result);
                    }
                }
            }
            directory.writeText("summary.csv", summary.csv());
            directory.writeText("spec.yaml", SpecYaml.writeShared(base));
            directory.writeText("provenance.yaml",
                    Provenance.toYaml(Provenance.ofRun(provenance, base.matmulPrecision()), seeds.get(0)));
            CurvePlot.writePng(directory.file("learning-curves.png"),
                    "Test loss and accuracy, mean over seeds " + seeds, "epoch",
                    summary.meanCurves(EpochMetrics::testLoss), summary.meanCurves(EpochMetrics::testAccuracy));
            if (base.probeEvery() > 0) {
                CurvePlot.writePng(directory.file("diagnostics.png"),
                        "Signal against the true gradient, mean over seeds " + seeds, "epoch",
                        "cosine(signal, true gradient)", summary.meanDiagnostics(BoundaryDiagnostics::cosine),
                        "norm ratio |signal| / |true gradient|", summary.meanDiagnostics(BoundaryDiagnostics::normRatio));
            }
            String table = summary.markdownTable();
            directory.writeText("summary.md", "# Comparison\n\n" + "Data: " + data.description() + ". Network: hidden "
                    + base.hiddenWidths() + ", " + base.epochs() + " epochs, batch " + base.batchSize() + ", "
                    + base.optimizerSpec().describe() + ". Seeds " + seeds + "; each seed fixes the initial weights "
                    + "and the data order for every method.\n\n" + table
                    + "\n![test curves](learning-curves.png)\n\n"
                    + (base.probeEvery() > 0 ? "![signals against the true gradient](diagnostics.png)\n\n" : "")
                    + "Per-run directories are under runs/, each with its metrics, diagnostics and report.\n");
            directory.commit();
            command.commandLine().getOut().print(table);
            command.commandLine().getOut().printf(Locale.ROOT, "wrote %s%n", directory.target());
        }
        return summary.anyDiverged() ? ErrorpropCli.DIVERGED : 0;
    }

    /**
     * Each rule's spec: the base's options for the base's own rule, defaults for the others, and every rule
     * option given on the command line for the rules that take it. An option none of them takes is an error.
     */
    private static Map<String, RunSpec> perMethod(MethodCatalog catalog, RunSpec base, List<String> chosen,
                                                  Map<String, Object> ruleOptions) {
        Map<String, RunSpec> specs = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (String method : chosen) {
            ChosenMethod<?> rule = method.equals(base.method()) ? base.rule() : catalog.choose(method);
            Map<String, Object> taken = new LinkedHashMap<>(ruleOptions);
            taken.keySet().removeIf(key -> !rule.takes(key));
            used.addAll(taken.keySet());
            specs.put(method, base.withRule(SpecYaml.withOptions(catalog, rule, taken)));
        }
        for (String key : ruleOptions.keySet()) {
            if (!used.contains(key)) {
                List<String> owners = catalog.rulesTaking(key);
                throw new InvalidInputException("option " + OptionKey.flagOf(key) + " applies to none of the compared rules ("
                        + String.join(", ", chosen) + ")" + (owners.isEmpty() ? "; no rule takes it"
                        : "; it is an option of " + String.join(", ", owners)));
            }
        }
        return specs;
    }
}
