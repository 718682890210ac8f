package org.stillframe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mrc.MrcReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stillframe info}: what a movie file is, from its header, without decoding the frames. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe movie files without decoding them.")
public final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE")
    Path[] files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = Main.OK;
        for (Path f : files) {
            try (MrcReader r = MrcReader.open(f)) {
                double p = r.pixelSizeA();
                out.printf(Locale.ROOT, "%s: %s, %d x %d, %d frames, pixel size %s%n", f, r.format(), r.width(),
                        r.height(), r.frameCount(), Double.isNaN(p) ? "unknown" : String.format(Locale.ROOT,
                                "%.4f A", p));
            } catch (BadInputException e) {
                err.println("stillframe info: " + e.getMessage());
                status = Main.BAD_INPUT;
            }
        }
        out.flush();
        return status;
    }
}
