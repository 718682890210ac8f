package org.stillframe.sim.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.quality.Fsc;

/** {@code stillframe simulate --projections}: the half-maps (noise-free or noisy to an FSC) and the mask. */
class ProjectionWriterHalfMapsTest {

    @TempDir
    Path dir;

    private int simulate(String name, String... extra) {
        String[] base = {"simulate", "--out", dir.toString(), "--name", name, "--projections", "4", "--size", "256",
            "--frames", "3", "--pixel-size", "1.5", "--no-gain", "--threads", "2"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertEquals(0, status, err.toString());
        return status;
    }

    @Test
    void noisyHalvesDifferAndTheirFscAtHalfNyquistIsNearPointNine() throws IOException {
        simulate("noisy", "--half-map-fsc", "0.9", "--seed", "5");
        float[] a = volume(dir.resolve("noisy_half1.mrc"));
        float[] b = volume(dir.resolve("noisy_half2.mrc"));
        int n = (int) Math.round(Math.cbrt(a.length));
        assertFalse(Arrays.equals(a, b), "the halves carry the same noise");
        double[] fsc = Fsc.compute(a, b, n);
        // HalfMaps.withFsc with S = 0.9, k = 3.7: FSC(0.5 Nyquist) = 1 / (1 + (0.5/0.9)^3.7) = 0.90, FSC(S) = 0.5.
        double atHalf = fsc[n / 4];
        assertEquals(0.90, atHalf, 0.05, "FSC at 0.5 Nyquist: " + atHalf);
        double atS = fsc[(int) Math.round(0.9 * n / 2)];
        assertEquals(0.5, atS, 0.15, "FSC at 0.9 Nyquist: " + atS);
        assertTrue(Files.exists(dir.resolve("noisy_mask.mrc")) && Files.exists(dir.resolve("noisy_particles.star")));
    }

    @Test
    void withoutTheOptionBothHalvesAreTheTrueDensityAndTheMaskIsASoftSphere() throws IOException {
        simulate("clean");
        float[] a = volume(dir.resolve("clean_half1.mrc"));
        assertArrayEquals(a, volume(dir.resolve("clean_half2.mrc")));
        float[] mask = volume(dir.resolve("clean_mask.mrc"));
        int n = (int) Math.round(Math.cbrt(mask.length));
        assertEquals(a.length, mask.length);
        int c = n / 2;
        // Default radius 20 px: 1 out to 24 px, 0 from 30 px, halfway at 27 px.
        assertEquals(1f, mask[(c * n + c) * n + c]);
        assertEquals(1f, mask[(c * n + c) * n + c + 24]);
        assertEquals(0.5f, mask[(c * n + c) * n + c + 27], 1e-5f);
        assertEquals(0f, mask[(c * n + c) * n + c + 30]);
        assertEquals(0f, mask[0]);
    }

    private static float[] volume(Path f) throws IOException {
        try (MrcReader r = MrcReader.open(f)) {
            float[] v = new float[r.width() * r.height() * r.frameCount()];
            float[] section = new float[r.width() * r.height()];
            for (int z = 0; z < r.frameCount(); z++) {
                r.read(z, section);
                System.arraycopy(section, 0, v, z * section.length, section.length);
            }
            return v;
        }
    }
}
