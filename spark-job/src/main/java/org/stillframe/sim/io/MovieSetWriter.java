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
            SimulationParams p = params.withSeed(params.seed() + m);
            Path movie = dir.resolve(String.format(Locale.ROOT, "%s_%03d.mrc", name, m + 1));
            MrcHeader header = MrcHeader.forImage(p.width(), p.height(), p.frames(), mode, p.pixelSizeA())
                    .withLabels(List.of("stillframe simulate --movie-set", String.format(Locale.ROOT,
                            "dose %.3f e/A^2/frame, seed %d, detector seed %d", p.dosePerFrame(), p.seed(),
                            detectorSeed)));
            SimulationWriter.writeFrames(new MovieSimulator(p, detector), movie, header, workers);
            written.add(movie);
        }
        Path gain = dir.resolve(name + "_gain_truth.mrc");
        MrcWriter.writeImage(gain, detector.gainReference(), params.width(), params.height(), params.pixelSizeA());
        Path defects = dir.resolve(name + "_defects_truth.txt");
        AtomicFiles.writeString(defects, DefectFile.format("stillframe simulate --movie-set: true defects of detector"
                + " seed " + detectorSeed + " (x y w h, lower-left corner, row 0 at the bottom)", rectangles(detector)));
        return new Files(written, gain, defects);
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
