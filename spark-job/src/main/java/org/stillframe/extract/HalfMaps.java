package org.stillframe.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.polish.HalfMapPair;

/**
 * The reference half-maps of {@code particles polish}, read from MRC volumes and masked, then weighted by their FSC
 * ({@link HalfMapPair}), ready to project.
 */
public final class HalfMaps {

    private HalfMaps() {
    }

    /**
     * Both half-maps (times the mask, if any), each weighted by their FSC inside the mask; their voxel must be the
     * movie's pixel (±1 %) and their sizes equal.
     */
    public static HalfMapPair loadPair(Path half1, Path half2, Path mask, double pixelSizeA) throws IOException {
        float[] m = mask == null ? null : volume(mask); // read once for both halves
        float[] a = masked(half1, m, mask, pixelSizeA);
        float[] b = masked(half2, m, mask, pixelSizeA);
        if (a.length != b.length) {
            throw new BadInputException(half2.toString(), "is not the size of " + half1.getFileName());
        }
        return HalfMapPair.of(a, b, cube(half1));
    }

    /** The half-map times the mask's voxels {@code m} (read from {@code mask}; both may be null). */
    private static float[] masked(Path half, float[] m, Path mask, double pixelSizeA) throws IOException {
        float[] map = volume(half);
        try (MrcReader r = MrcReader.open(half)) {
            double voxel = r.pixelSizeA();
            if (Double.isFinite(pixelSizeA) && Double.isFinite(voxel) && voxel > 0
                    && Math.abs(voxel / pixelSizeA - 1) > 0.01) {
                throw new BadInputException(half.toString(), String.format(Locale.ROOT, "voxel %.4f A differs from"
                        + " the movies' pixel %.4f A (rescale the map first)", voxel, pixelSizeA));
            }
        }
        if (m != null) {
            if (m.length != map.length) {
                throw new BadInputException(mask.toString(), "is not the size of " + half.getFileName());
            }
            for (int i = 0; i < map.length; i++) {
                map[i] *= m[i];
            }
        }
        return map;
    }

    private static int cube(Path file) throws IOException {
        try (MrcReader r = MrcReader.open(file)) {
            if (r.width() != r.height() || r.width() != r.frameCount() || r.width() % 2 != 0) {
                throw new BadInputException(file.toString(), "is not an even cube (" + r.width() + " x " + r.height()
                        + " x " + r.frameCount() + ")");
            }
            return r.width();
        }
    }

    private static float[] volume(Path file) throws IOException {
        int n = cube(file);
        float[] v = new float[n * n * n];
        float[] section = new float[n * n];
        try (MrcReader r = MrcReader.open(file)) {
            for (int z = 0; z < n; z++) {
                r.read(z, section);
                System.arraycopy(section, 0, v, z * n * n, n * n);
            }
        }
        return v;
    }
}
