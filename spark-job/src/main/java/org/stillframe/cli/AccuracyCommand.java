package org.stillframe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.align.patch.DeformationModel;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;
import org.stillframe.io.BadInputException;
import org.stillframe.io.formats.ReferenceImages;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.quality.FieldError;
import org.stillframe.quality.Frc;
import org.stillframe.quality.ShiftError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stillframe accuracy}: how close a correction (ours or another program's) came to a simulated movie's
 * ground truth: the per-frame shift error and, given the sum, its Fourier ring correlation with the noise-free
 * image next to that of the oracle sum made with the true shifts.
 */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = "Compare measured shifts (and a sum) with a simulated movie's ground truth.")
public final class AccuracyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TRUTH", description = "NAME_truth.tsv written by stillframe simulate")
    Path truthFile;

    @Parameters(index = "1", paramLabel = "SHIFTS",
            description = "Table whose rows start with: frame, shift x, shift y (our -Full.log, RELION's shifts)")
    Path shiftFile;

    @Option(names = "--sum", description = "The corrected sum to score against NAME_noisefree.mrc.")
    Path sum;

    @Option(names = "--reference", description = "Score --sum against this image instead of NAME_noisefree.mrc "
            + "(e.g. NAME_noisefree_DW.mrc for a dose-weighted sum); no oracle then.")
    Path reference;

    @Option(names = "--model", description = "A deformation model (<stem>.model.tsv): score the whole correction "
            + "field, global + local, against NAME_field.tsv.")
    Path model;

    @Option(names = "--first-frame", defaultValue = "1",
            description = "Movie frame (1-based) that the table's first row is (after -Throw; default 1).")
    int firstFrame;

    @Option(names = "--fm-ref", defaultValue = "-1", description = "The -FmRef the sum was made with (-1 central, "
            + "the default; 0 first; K frame K of the frames used): the noise-free image and the oracle are registered "
            + "to that frame's true global shift.")
    int fmRef;

    @Option(names = "--rings", defaultValue = "10", description = "Fourier rings up to Nyquist (default 10).")
    int rings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            double[][] truth = table(truthFile, 3, 4);
            double[][] measured = table(shiftFile, 1, 2);
            int n = measured.length;
            if (firstFrame - 1 + n > truth.length) {
                throw new BadInputException(shiftFile.toString(), n + " frames from frame " + firstFrame
                        + " do not fit the truth's " + truth.length);
            }
            double[][] t = Arrays.copyOfRange(truth, firstFrame - 1, firstFrame - 1 + n);
            FrameShifts m = shifts(measured);
            FrameShifts tr = shifts(t);
            out.printf(Locale.ROOT, "shift RMS error: %.4f px over %d frames (constant offset removed)%n",
                    ShiftError.rms(m, tr), n);
            scoreField(out, m);
            if (fmRef < -1) {
                throw new BadInputException("--fm-ref", "must be -1, 0 or a frame number, got " + fmRef);
            }
            registration = firstFrame - 1 + new CorrectionOptions(GlobalAlignOptions.defaults(), fmRef)
                    .referenceIndex(n);
            if (sum != null && reference != null) {
                scoreAgainst(out, reference);
            } else if (sum != null) {
                scoreSum(out);
            }
            out.flush();
            return Main.OK;
        } catch (BadInputException e) {
            spec.commandLine().getErr().println("stillframe accuracy: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }

    /** 0-based movie frame the sum is registered to (from --fm-ref and --first-frame). */
    private int registration;

    private void scoreSum(PrintWriter out) throws IOException {
        String stem = truthFile.getFileName().toString().replaceFirst("_truth\\.tsv$", "");
        Path dir = truthFile.toAbsolutePath().getParent();
        float[] ours = image(sum);
        try (MrcReader movie = MrcReader.open(dir.resolve(stem + ".mrc")); Workers w = new Workers(
                Runtime.getRuntime().availableProcessors())) {
            int nx = movie.width();
            int ny = movie.height();
            Path gainFile = dir.resolve(stem + "_gain.mrc");
            float[] gain = Files.exists(gainFile) ? ReferenceImages.read(gainFile, nx, ny, "gain reference") : null;
            FrameShifts all = shifts(table(truthFile, 3, 4));
            float[] oracle = new MovieCorrector(w).sumAligned(movie, new GainCorrection(gain, null),
                    all.relativeTo(registration));
            float[] truth = registered(image(dir.resolve(stem + "_noisefree.mrc")), nx, ny, nx, all);
            double[] a = Frc.compute(ours, truth, nx, ny, rings);
            double[] b = Frc.compute(oracle, truth, nx, ny, rings);
            out.println("ring (x Nyquist)   FRC(sum, noise-free)   FRC(oracle, noise-free)   ratio");
            double worst = Double.POSITIVE_INFINITY;
            for (int k = 0; k < rings; k++) {
                double ratio = a[k] / b[k];
                worst = Math.min(worst, ratio);
                out.printf(Locale.ROOT, "%4.2f-%4.2f %20.4f %24.4f %10.3f%n", (double) k / rings,
                        (k + 1.0) / rings, a[k], b[k], ratio);
            }
            out.printf(Locale.ROOT, "lowest FRC ratio to the oracle: %.3f%n", worst);
        }
    }

    /**
     * With NAME_field.tsv beside the truth (a movie with local motion): the error of the whole correction field,
     * global shifts plus the --model deformation (or the global shifts alone).
     */
    private void scoreField(PrintWriter out, FrameShifts global) throws IOException {
        String stem = truthFile.getFileName().toString().replaceFirst("_truth\\.tsv$", "");
        Path fieldFile = truthFile.toAbsolutePath().getParent().resolve(stem + "_field.tsv");
        if (!Files.isRegularFile(fieldFile)) {
            if (model != null) {
                throw new BadInputException(fieldFile.toString(), "--model needs the true field, which is missing");
            }
            return;
        }
        List<FieldError.Sample> truth = new ArrayList<>();
        for (String line : Files.readAllLines(fieldFile)) {
            String[] f = line.split("\t");
            if (!line.startsWith("#") && f.length == 5 && f[0].matches("\\d+")) {
                truth.add(new FieldError.Sample(Integer.parseInt(f[0]) - firstFrame, Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
        }
        FieldError.Result r = FieldError.of(truth, global, model == null ? null : readModel(model));
        out.printf(Locale.ROOT, "field RMS error: %.4f px over %d points x frames (constant offset removed)%n",
                r.rmsPx(), r.samples());
        out.printf(Locale.ROOT, "local field RMS error: %.4f px (each frame's mean error removed)%n",
                r.localRmsPx());
    }

    /** A <stem>.model.tsv: the "# image W x H" line and rows index, axis, monomial, time power, coefficient. */
    private static DeformationModel readModel(Path file) throws IOException {
        double[] c = new double[36];
        int width = 0;
        int height = 0;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# image")) {
                String[] f = line.substring("# image ".length()).split("[ ;]+");
                width = Integer.parseInt(f[0]);
                height = Integer.parseInt(f[2]);
            }
            String[] f = line.split("\t");
            if (f.length == 5 && f[0].matches("\\d+") && Integer.parseInt(f[0]) < 36) {
                c[Integer.parseInt(f[0])] = Double.parseDouble(f[4]);
            }
        }
        if (width <= 0 || height <= 0) {
            throw new BadInputException(file.toString(), "not a stillframe model table (no '# image W x H' line)");
        }
        return new DeformationModel(width, height, Arrays.copyOfRange(c, 0, 18), Arrays.copyOfRange(c, 18, 36));
    }

    private void scoreAgainst(PrintWriter out, Path ref) throws IOException {
        float[] ours = image(sum);
        String stem = truthFile.getFileName().toString().replaceFirst("_truth\\.tsv$", "");
        int movieWidth;
        try (MrcReader noiseFree = MrcReader.open(truthFile.toAbsolutePath().resolveSibling(stem + "_noisefree.mrc"))) {
            movieWidth = noiseFree.width();
        }
        try (MrcReader r = MrcReader.open(sum)) {
            float[] truth = registered(image(ref), r.width(), r.height(), movieWidth, shifts(table(truthFile, 3, 4)));
            double[] a = Frc.compute(ours, truth, r.width(), r.height(), rings);
            out.println("ring (x Nyquist)   FRC(sum, reference)");
            double mean = 0;
            for (int k = 0; k < rings; k++) {
                out.printf(Locale.ROOT, "%4.2f-%4.2f %20.4f%n", (double) k / rings, (k + 1.0) / rings, a[k]);
                mean += a[k] / rings;
            }
            out.printf(Locale.ROOT, "mean FRC with the reference: %.4f%n", mean);
        }
    }

    /**
     * The frame-1 (at rest) truth image moved to where the registration frame shows the specimen: by minus that
     * frame's true shift, scaled to the image's pixels (Fourier-binned sums). Exact for global motion; a local
     * field's displacement of that frame is not added.
     */
    private float[] registered(float[] image, int nx, int ny, int movieWidth, FrameShifts truth) {
        if (registration == 0) {
            return image;
        }
        double scale = (double) nx / movieWidth;
        return Spectra.shiftedImage(image, nx, ny, -truth.x(registration) * scale, -truth.y(registration) * scale);
    }

    private static float[] image(Path file) throws IOException {
        try (MrcReader r = MrcReader.open(file)) {
            float[] img = new float[r.width() * r.height()];
            r.read(0, img);
            return img;
        }
    }

    static FrameShifts shifts(double[][] rows) {
        double[] x = new double[rows.length];
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = rows[i][0];
            y[i] = rows[i][1];
        }
        return new FrameShifts(x, y);
    }

    /** Two columns of the rows whose first field is a frame number; '#' lines and headers are skipped. */
    static double[][] table(Path file, int colX, int colY) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            if (line.startsWith("#") || t.length <= Math.max(colX, colY) || !t[0].matches("\\d+")) {
                continue;
            }
            try {
                rows.add(new double[] {Double.parseDouble(t[colX]), Double.parseDouble(t[colY])});
            } catch (NumberFormatException e) {
                throw new BadInputException(file.toString(), "line '" + line.trim() + "' is not numeric");
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException(file.toString(), "no rows of frame, shift x, shift y");
        }
        return rows.toArray(double[][]::new);
    }
}
