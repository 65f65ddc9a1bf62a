package org.errorprop.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * What the commands that train from a run spec share ({@code train}, {@code compare}): the environment, the
 * spec's flags, the rules' own {@code --key VALUE} options, and the root command's rule catalog.
 */
abstract class TrainingCommand {
    final CliEnvironment environment;

    @Spec
    CommandSpec command;

    @ParentCommand
    ErrorpropCli cli;

    @Mixin
    SpecOptions specOptions;

    /** The rule's own options, {@code --key VALUE}; see {@link SpecOptions#ruleOptions}. */
    @Unmatched
    List<String> ruleArguments = new ArrayList<>();

    TrainingCommand(CliEnvironment environment) {
        this.environment = environment;
    }
}
