package org.stillframe.cli;

import picocli.CommandLine.Command;

/** {@code stillframe particles}: per-particle motion correction. */
@Command(name = "particles", mixinStandardHelpOptions = true, subcommands = {ParticlesLocalCommand.class, ParticlesPolishCommand.class, ParticlesAccuracyCommand.class},
        description = "Per-particle motion correction; see 'stillframe particles local --help'.")
public final class ParticlesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
