package org.errorprop.experiments.cli;

import static org.errorprop.experiments.cli.ErrorpropCli.invocation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code errorprop train}: one run, one directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one network with one propagation rule and write a run directory "
                + "(spec.yaml, provenance.yaml, metrics.csv, learning-curves.png, report.md).",
        footer = SpecOptions.RULE_OPTIONS_HELP)
final class TrainCommand extends TrainingCommand implements Callable<Integer> {
    @Option(names = "--method", paramLabel = "NAME", description = "Propagation rule (default backprop).")
    String method;

    @Option(names = "--seed", paramLabel = "N", description = "Master seed of every random stream (default 1).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory to create (default runs/METHOD-seedN).")
    Path out;

    TrainCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (method != null) {
            overrides.put("method", method);
        }
        if (seed != null) {
            overrides.put("seed", seed);
        }
        RunSpec spec = specOptions.resolve(cli.catalog(), overrides, ruleArguments);
        RunPreflight.beforeLoading(spec, "this run");
        Path target = out != null ? out : Path.of("runs", spec.method() + "-seed" + spec.seed());
        try (OutputDirectory directory = OutputDirectory.create(target, OutputKind.RUN)) {
            PreparedData data = PreparedData.load(spec);
            RunPreflight.withData(spec, data.split(), "this run");
            MethodWarnings.report(spec, data.split(), environment.err());
            RunResult result = train(spec, data.split());
            RunArtifacts.write(directory, "", spec, data.description(),
                    Provenance.ofThisProcess(invocation(command), environment.compute()), result);
            directory.commit();
            EpochMetrics last = result.last();
            command.commandLine().getOut().printf(Locale.ROOT, "%s seed %d: test accuracy %.4f after %d epochs; wrote %s%n",
                    spec.method(), spec.seed(), last.testAccuracy(), last.epoch(), directory.target());
        }
        return 0;
    }

    private RunResult train(RunSpec spec, DataSplit data) {
        Trainer trainer = Trainer.start(TrainingSetup.of(spec, data.train().inputWidth(),
                data.train().outputWidth(), environment.compute()));
        if (!environment.progressBars()) {
            return trainer.epochs(data, spec.training(), spec.probeEvery(), environment.nanoClock(),
                    TrainingListener.NONE);
        }
        try (ConsoleProgress progress = new ConsoleProgress(spec.method() + " seed " + spec.seed(),
                Trainer.steps(spec.training(), data.train().size()), environment.err())) {
            return trainer.epochs(data, spec.training(), spec.probeEvery(), environment.nanoClock(), progress);
        }
    }
}
