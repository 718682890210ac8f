package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.DataBuffer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.tiff.TiffWriting;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import org.stillframe.testing.ShiftTables;

/**
 * The same movie as MRC, as an LZW TIFF (written by the JDK's TIFF writer, top row first as detectors write it)
 * with a float TIFF gain, and as .mrc.bz2: motioncor must give identical shifts and the same sums.
 */
class FormatsEndToEndTest {

    @TempDir
    static Path dir;
    static SimulationWriter.Files movie;
    static Path tiff;
    static Path tiffGain;
    static Path bz2;

    @BeforeAll
    static void writeCopies() throws Exception {
        SimulationParams p = SimulationParams.defaults(256, 256, 8, 123).withDose(6).withContrast(0.3);
        try (Workers w = new Workers(2)) {
            movie = SimulationWriter.write(p, dir, "movie", MrcMode.INT16, w);
        }
        tiff = dir.resolve("movie.tif");
        tiffGain = dir.resolve("gain.tif");
        try (MrcReader r = MrcReader.open(movie.movie())) {
            List<float[]> frames = new ArrayList<>();
            for (int k = 0; k < r.frameCount(); k++) {
                float[] f = new float[r.width() * r.height()];
                r.read(k, f);
                frames.add(f);
            }
            TiffWriting.write(tiff, frames, r.width(), r.height(), DataBuffer.TYPE_USHORT, "LZW");
        }
        try (MrcReader g = MrcReader.open(movie.gain())) {
            float[] f = new float[g.width() * g.height()];
            g.read(0, f);
            TiffWriting.write(tiffGain, List.of(f), g.width(), g.height(), DataBuffer.TYPE_FLOAT, null);
        }
        bz2 = dir.resolve("movie.mrc.bz2");
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(bz2))) {
            Files.copy(movie.movie(), out);
        }
    }

    @Test
    void simulatedEerMovieIsCorrectedWithinTheSkeletonsBound() throws Exception {
        // The same simulation written as MRC and as EER (each frame's electrons over 20 raw frames): rendered with
        // the -FmIntFile the simulator writes, the EER movie gives the MRC movie's frames, hence its shifts.
        SimulationParams p = SimulationParams.defaults(512, 512, 10, 321).withDose(4).withContrast(0.3)
                .withGain(false);
        SimulationWriter.Files eer;
        SimulationWriter.Files mrc;
        try (Workers w = new Workers(2)) {
            eer = SimulationWriter.writeEer(p, dir.resolve("eer"), "e", 20, w);
            mrc = SimulationWriter.write(p, dir.resolve("eer-mrc"), "e", MrcMode.INT16, w);
        }
        Object[] r = MotionCorCommandTest.run("motioncor", "-InEer", eer.movie().toString(), "-FmIntFile",
                dir.resolve("eer/e_fmint.txt").toString(), "-OutMrc", dir.resolve("eer/out/e.mrc").toString(),
                "-LogDir", dir.resolve("eer/out").toString());
        assertEquals(0, r[0], (String) r[2]);
        Object[] m = MotionCorCommandTest.run("motioncor", "-InMrc", mrc.movie().toString(), "-OutMrc",
                dir.resolve("eer-mrc/out/e.mrc").toString(), "-LogDir", dir.resolve("eer-mrc/out").toString());
        assertEquals(0, m[0], (String) m[2]);
        assertEquals(Files.readString(dir.resolve("eer-mrc/out/e-Full.log")),
                Files.readString(dir.resolve("eer/out/e-Full.log")));
        double[][] truth = ShiftTables.truth(eer.truthTable());
        double[][] ours = ShiftTables.shifts(dir.resolve("eer/out/e-Full.log"));
        assertEquals(10, ours.length);
        double rms = ShiftTables.rmsAgainstTruth(ours, truth);
        org.junit.jupiter.api.Assertions.assertTrue(rms <= 0.15, "EER shift RMS error " + rms);

        // Without -FmIntFile the 200 raw frames are grouped into 40 rendered frames, and the log says so.
        Object[] g = MotionCorCommandTest.run("motioncor", "-InEer", eer.movie().toString(), "-OutMrc",
                dir.resolve("eer/grouped/e.mrc").toString(), "-EerSampling", "2");
        assertEquals(0, g[0], (String) g[2]);
        org.junit.jupiter.api.Assertions.assertTrue(((String) g[1]).contains("200 raw frames rendered as 40 frames"),
                (String) g[1]);
        try (MrcReader sum = MrcReader.open(dir.resolve("eer/grouped/e.mrc"))) {
            assertEquals(1024, sum.width()); // rendered at 2x
        }
    }

    @Test
    void eerGainIsReadUnflippedAndSpreadOverTheRenderingGrid() throws Exception {
        int w = 8;
        int h = 6;
        float[] g = new float[w * h];
        for (int i = 0; i < g.length; i++) {
            g[i] = 1 + i / 100f;
        }
        Path gain = dir.resolve("x.gain");
        // TiffWriting puts MRC row y at TIFF row h-1-y; pre-flip so the TIFF's first row is g's row 0.
        float[] flipped = new float[g.length];
        for (int y = 0; y < h; y++) {
            System.arraycopy(g, y * w, flipped, (h - 1 - y) * w, w);
        }
        TiffWriting.write(gain, List.of(flipped), w, h, DataBuffer.TYPE_FLOAT, null);
        float[] twice = org.stillframe.io.formats.ReferenceImages.readOriented(gain.toString(), 2 * w, 2 * h,
                org.stillframe.gain.GainOrientation.NONE, "gain reference");
        for (int y = 0; y < 2 * h; y++) {
            for (int x = 0; x < 2 * w; x++) {
                assertEquals(g[(y / 2) * w + x / 2], twice[y * 2 * w + x], 0f, "pixel " + x + ", " + y);
            }
        }
    }

    static Object[] correct(String flag, Path in, Path gain, String out) {
        Object[] r = MotionCorCommandTest.run("motioncor", flag, in.toString(), "-OutMrc",
                dir.resolve(out + "/sum.mrc").toString(), "-Gain", gain.toString(), "-LogDir",
                dir.resolve(out).toString(), "-Threads", "2");
        assertEquals(0, r[0], (String) r[2]);
        return r;
    }

    static float[] sum(String out) throws Exception {
        try (MrcReader r = MrcReader.open(dir.resolve(out + "/sum.mrc"))) {
            float[] f = new float[r.width() * r.height()];
            r.read(0, f);
            return f;
        }
    }

    @Test
    void tiffAndCompressedCopiesGiveTheMrcResultExactly() throws Exception {
        correct("-InMrc", movie.movie(), movie.gain(), "mrc");
        correct("-InTiff", tiff, tiffGain, "tif");
        correct("-InMrc", bz2, movie.gain(), "bz2");
        String mrcLog = Files.readString(dir.resolve("mrc/movie-Full.log"));
        assertEquals(mrcLog, Files.readString(dir.resolve("tif/movie-Full.log")));
        assertEquals(mrcLog, Files.readString(dir.resolve("bz2/movie-Full.log")));
        // Frames are summed into per-worker partial sums in whatever order the workers take them, so sums agree
        // to float rounding (up to ~2e-5 relative on values of ~45), not bit for bit, even between two runs on the
        // same file.
        float[] reference = sum("mrc");
        assertArrayEquals(reference, sum("tif"), 0.01f);
        assertArrayEquals(reference, sum("bz2"), 0.01f);
    }
}
