package org.errorprop.experiments.cli;

import static org.errorprop.experiments.cli.ErrorpropCli.invocation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errorprop.experiments.run.CheckpointSchedule;
import org.errorprop.experiments.run.ConsoleProgress;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.experiments.run.ResumableRun;
import org.errorprop.experiments.run.RunPreflight;
import org.errorprop.experiments.run.RunResult;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code errorprop train}: one run, one directory ({@link ResumableRun}: checkpoints beside it while unfinished,
 * {@code --resume} continues a killed run).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one network with one propagation rule and write a run directory "
                + "(spec.yaml, provenance.yaml, metrics.csv, learning-curves.png, report.md, state.sha256).",
        footer = SpecOptions.RULE_OPTIONS_HELP)
final class TrainCommand extends TrainingCommand implements Callable<Integer> {
    @Option(names = "--method", paramLabel = "NAME", description = "Propagation rule (default backprop).")
    String method;

    @Option(names = "--seed", paramLabel = "N", description = "Master seed of every random stream (default 1).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory to create (default runs/METHOD-seedN).")
    Path out;

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the killed run whose --out was DIR, from its last checkpoint, with the spec saved "
                    + "beside it (no flag that changes the spec may be given); exit 0 if it is complete already.")
    Path resume;

    TrainCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        CheckpointSchedule schedule = checkpoints.schedule();
        RunSpec spec;
        Path target;
        if (resume != null) {
            refuseSpecFlagsWithResume();
            target = resume;
            if (ResumableRun.complete(target)) {
                command.commandLine().getOut().printf("%s is complete already; nothing to resume%n", target);
                return 0;
            }
            spec = ResumableRun.unfinished(cli.catalog(), target).orElseThrow(() -> new InvalidInputException(
                    "nothing to resume in " + target + ": no unfinished run was started there"));
        } else {
            Map<String, Object> overrides = new LinkedHashMap<>();
            if (method != null) {
                overrides.put("method", method);
            }
            if (seed != null) {
                overrides.put("seed", seed);
            }
            spec = specOptions.resolve(cli.catalog(), overrides, ruleArguments);
            target = out != null ? out : Path.of("runs", spec.method() + "-seed" + spec.seed());
        }
        RunPreflight.beforeLoading(spec, "this run");
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            run.whenStoppedSay(spec.schedule().pipelined()
                    ? "the metrics of its finished epochs are kept in " + ResumableRun.checkpointDirectory(target)
                            .resolve(ResumableRun.METRICS_SO_FAR) + " (a pipelined run does not checkpoint)"
                    : "its last checkpoint (if it took one) is kept: `errorprop train --resume " + target
                            + "` continues it");
            PreparedData data = PreparedData.load(spec, environment.mnist());
            RunPreflight.withData(spec, data.split(), "this run");
            MethodWarnings.report(spec, data.split(), environment.err());
            run.resumedAfter().ifPresent(epoch -> command.commandLine().getOut().printf(Locale.ROOT,
                    "continuing %s after epoch %d of %d from its checkpoint%n", target, epoch, spec.epochs()));
            RunResult result = train(run, data, schedule);
            if (result.diverged()) {
                command.commandLine().getErr().printf(Locale.ROOT, "%s: %s seed %d diverged: %s; kept the %d finished"
                                + " epochs in %s (status.yaml)%n", command.qualifiedName(), spec.method(), spec.seed(),
                        result.divergence().get().describe(), result.history().size(),
                        target.toAbsolutePath().normalize());
                return ErrorpropCli.DIVERGED;
            }
            EpochMetrics last = result.last();
            command.commandLine().getOut().printf(Locale.ROOT, "%s seed %d: test accuracy %.4f after %d epochs"
                    + " (trained on %d examples, tested on %d); wrote %s%n", spec.method(), spec.seed(),
                    last.testAccuracy(), last.epoch(), data.split().train().size(), data.split().test().size(),
                    target.toAbsolutePath().normalize());
        }
        return 0;
    }

    /** {@code --resume} takes the spec saved beside the run: any flag that would change it is a mistake. */
    private void refuseSpecFlagsWithResume() {
        if (!ruleArguments.isEmpty()) {
            throw new InvalidInputException("--resume continues with the spec saved beside the run; it takes no rule "
                    + "option (got " + ruleArguments.get(0) + ")");
        }
        for (picocli.CommandLine.Model.OptionSpec option : command.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (!name.equals("--resume") && !name.equals("--checkpoint-every")) {
                throw new InvalidInputException("--resume continues with the spec saved beside the run; it takes no "
                        + name + " (only --checkpoint-every)");
            }
        }
    }

    private RunResult train(ResumableRun run, PreparedData data, CheckpointSchedule schedule) {
        RunSpec spec = run.spec();
        Map<String, String> provenance = Provenance.withData(Provenance.ofThisProcess(invocation(command),
                environment.compute()), data.provenance());
        if (!environment.progressBars()) {
            return run.train(data.split(), data.description(), provenance, environment.compute(),
                    environment.nanoClock(), TrainingListener.NONE, schedule);
        }
        int remaining = spec.epochs() - run.resumedAfter().orElse(0);
        try (ConsoleProgress progress = new ConsoleProgress(spec.method() + " seed " + spec.seed(),
                Trainer.steps(spec.withEpochs(remaining).training(), data.split().train().size()), environment.err())) {
            return run.train(data.split(), data.description(), provenance, environment.compute(),
                    environment.nanoClock(), progress, schedule);
        }
    }
}
