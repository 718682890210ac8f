package org.stillframe.cli;

import org.stillframe.options.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code stillframe} command: dispatches to its subcommands. */
@Command(name = "stillframe", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Beam-induced motion correction for cryo-EM movies.",
        subcommands = {MotionCorCommand.class, SimulateCommand.class, DemoCommand.class, InfoCommand.class,
            AccuracyCommand.class, JobCommand.class, QcCommand.class, ReportCommand.class, TiltsCommand.class,
            ParticlesCommand.class, GainCommand.class})
public final class Main implements Runnable {

    /** Exit status: the command ran and everything succeeded. */
    public static final int OK = 0;
    /** Exit status: an internal error (a bug); the message says so. */
    public static final int INTERNAL_ERROR = 1;
    /** Exit status: bad input or a bad command line; the message names the file or flag. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        Warmup.start();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams (for tests) and returns the exit status. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        if (args.length > 0 && args[0].equals("motioncor")) {
            // The per-movie hot path: picocli's model of every subcommand costs ~0.15 s to build.
            return MotionCorCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("tilts")) {
            // A tilt series is many small movies in one short process: the model of this subcommand alone is built
            // (every subcommand's, and the JIT's work on building it, cost a 41-tilt run ~0.3 s).
            CommandLine tilts = new CommandLine(new TiltsCommand());
            tilts.setCommandName("stillframe tilts");
            return configured(tilts, out, err).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine cli = configured(new CommandLine(new Main()), out, err);
        cli.getSubcommands().get("motioncor").setUnmatchedOptionsArePositionalParams(true);
        return cli.execute(args);
    }

    private static CommandLine configured(CommandLine cli, java.io.PrintWriter out, java.io.PrintWriter err) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": internal error: " + e);
            if (System.getenv("STILLFRAME_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return INTERNAL_ERROR;
        });
        return cli;
    }
}
