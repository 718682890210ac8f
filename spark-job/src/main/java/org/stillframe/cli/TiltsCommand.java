package org.stillframe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mdoc.Mdoc;
import org.stillframe.options.UsageException;
import org.stillframe.tomo.Tilt;
import org.stillframe.tomo.TiltSeriesPlan;
import org.stillframe.tomo.TiltSeriesRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code stillframe tilts}: a tilt series from its SerialEM mdoc, corrected and stacked in angle order. */
@Command(name = "tilts", mixinStandardHelpOptions = true,
        description = "Correct every tilt movie of a tilt series (SerialEM .mdoc) and write the angle-sorted stack,"
                + " its even/odd halves, .tlt/.rawtlt and the per-tilt dose table.")
public final class TiltsCommand implements Callable<Integer> {

    @Option(names = "--mdoc", required = true, description = "The tilt series' .mdoc (one [ZValue] per tilt).")
    Path mdoc;

    @Option(names = "--movies", description = "Folder of the tilt movies (default: the mdoc's folder).")
    Path movies;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--name", description = "Series name for the outputs (default: the mdoc's name without"
            + " .mdoc and .mrc/.st).")
    String name;

    @Option(names = "--dose-per-tilt", defaultValue = "NaN", description = "e/A^2 per tilt where the mdoc's"
            + " ExposureDose is 0 or missing.")
    double dosePerTilt;

    @Option(names = "--exclude-failed", description = "Leave tilts flagged dark out of the stack (failed tilts"
            + " always are); they stay listed in NAME_tilts.tsv.")
    boolean excludeFailed;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Parameters(paramLabel = "FLAGS", description = "MotionCor2-style flags for every tilt, after --.")
    List<String> flags = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var o = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            if (!Files.isRegularFile(mdoc)) {
                throw new BadInputException(mdoc.toString(), "no such file");
            }
            Mdoc parsed = Mdoc.parse(Files.readString(mdoc), mdoc.toString());
            List<Tilt> tilts = TiltSeriesPlan.tilts(parsed, mdoc.toString(), dosePerTilt);
            String series = name != null ? name : mdoc.getFileName().toString()
                    .replaceFirst("(?i)\\.mdoc$", "").replaceFirst("(?i)\\.(mrc|st)$", "");
            Path movieDir = movies != null ? movies : mdoc.toAbsolutePath().getParent();
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            o.printf("Tilt series %s: %d tilts%n", series, tilts.size());
            TiltSeriesRun.Result r = TiltSeriesRun.run(series, tilts, movieDir, out, flags, t, excludeFailed,
                    parsed.tiltAxisAngle(), line -> {
                        o.println(line);
                        o.flush();
                    });
            long failed = r.tilts().stream().filter(x -> !x.status().equals("ok")).count();
            o.printf("Stack: %s (%d tilts in angle order), %s, %s; angles %s; per tilt %s; %d flagged%n", r.stack(),
                    r.tilts().stream().filter(x -> x.stackIndex() >= 0).count(), r.even().getFileName(),
                    r.odd().getFileName(), r.tlt().getFileName(), r.table().getFileName(), failed);
            o.flush();
            return Main.OK;
        } catch (BadInputException | UsageException e) {
            err.println("stillframe tilts: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }
}
