package org.stillframe.sim.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.DefectFile;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.Detector;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;

/**
 * A set of movies recorded on one camera, for gain estimation ({@code stillframe gain}): each movie its own
 * specimen and motion (seeds {@code seed}, {@code seed + 1}, ...), all the same {@link Detector} — sensitivity and
 * persistent defects. Writes {@code NAME_001.mrc}, {@code NAME_002.mrc}, ... (raw counts), and beside them the
 * truth: {@code NAME_gain_truth.mrc} (1/sensitivity, mean about 1, defects not zeroed) and
 * {@code NAME_defects_truth.txt} (a -DefectFile: bad columns as {@code x 0 1 ny}, then bad pixels as
 * {@code x y 1 1}).
 */
public final class MovieSetWriter {

    private MovieSetWriter() {
    }

    /** The files written: the movies in order, the true gain and the true defect file. */
    public record Files(List<Path> movies, Path gain, Path defects) {
    }

    /**
     * @param params      each movie's parameters (its seed is the first movie's; params.gain() is ignored)
     * @param detectorSeed the camera's seed
     */
    public static Files write(SimulationParams params, int movies, long detectorSeed, Path dir, String name,
                              MrcMode mode, Workers workers) throws IOException {
        Detector detector = Detector.random(params.width(), params.height(), detectorSeed);
        List<Path> written = new ArrayList<>();
        for (int m = 0; m < movies; m++) {
            Path movie = dir.resolve(movieName(name, m));
            writeMovie(params, m, detector, detectorSeed, movie, mode, workers);
            written.add(movie);
        }
        Path[] truth = writeTruth(detector, detectorSeed, params.pixelSizeA(), dir, name);
        return new Files(written, truth[0], truth[1]);
    }

    /** The file name of movie {@code m} (0-based) of a set: {@code NAME_001.mrc}, ... */
    public static String movieName(String name, int m) {
        return String.format(Locale.ROOT, "%s_%03d.mrc", name, m + 1);
    }

    /** Writes movie {@code m} (0-based; seed {@code params.seed() + m}) of the set to {@code movie}. */
    public static void writeMovie(SimulationParams params, int m, Detector detector, long detectorSeed, Path movie,
                                  MrcMode mode, Workers workers) throws IOException {
        SimulationParams p = params.withSeed(params.seed() + m);
        MrcHeader header = MrcHeader.forImage(p.width(), p.height(), p.frames(), mode, p.pixelSizeA())
                .withLabels(List.of("stillframe simulate --movie-set", String.format(Locale.ROOT,
                        "dose %.3f e/A^2/frame, seed %d, detector seed %d", p.dosePerFrame(), p.seed(),
                        detectorSeed)));
        SimulationWriter.writeFrames(new MovieSimulator(p, detector), movie, header, workers);
    }

    /** Writes the camera's truth, {@code NAME_gain_truth.mrc} and {@code NAME_defects_truth.txt}; both paths. */
    public static Path[] writeTruth(Detector detector, long detectorSeed, double pixelSizeA, Path dir, String name)
            throws IOException {
        Path gain = dir.resolve(name + "_gain_truth.mrc");
        MrcWriter.writeImage(gain, detector.gainReference(), detector.width(), detector.height(), pixelSizeA);
        Path defects = dir.resolve(name + "_defects_truth.txt");
        AtomicFiles.writeString(defects, DefectFile.format("stillframe simulate --movie-set: true defects of detector"
                + " seed " + detectorSeed + " (x y w h, lower-left corner, row 0 at the bottom)", rectangles(detector)));
        return new Path[] {gain, defects};
    }

    static List<int[]> rectangles(Detector d) {
        List<int[]> out = new ArrayList<>();
        int[] columns = java.util.stream.IntStream.concat(java.util.Arrays.stream(d.deadColumns()),
                java.util.Arrays.stream(d.hotColumns())).sorted().toArray();
        for (int x : columns) {
            out.add(new int[] {x, 0, 1, d.height()});
        }
        int[] pixels = java.util.stream.IntStream.concat(java.util.Arrays.stream(d.deadPixels()),
                java.util.Arrays.stream(d.hotPixels())).sorted().toArray();
        for (int i : pixels) {
            out.add(new int[] {i % d.width(), i / d.width(), 1, 1});
        }
        return out;
    }
}
