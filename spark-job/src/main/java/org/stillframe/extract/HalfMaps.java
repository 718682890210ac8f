package org.stillframe.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.polish.ReferenceProjector;

/** The reference half-maps of {@code particles polish}, read from MRC volumes and masked, ready to project. */
public final class HalfMaps {

    private HalfMaps() {
    }

    /** A half-map (times the mask, if any) ready to project; its voxel must be the movie's pixel (±1 %). */
    public static ReferenceProjector load(Path half, Path mask, double pixelSizeA) throws IOException {
        float[] map = volume(half);
        int n = cube(half);
        try (MrcReader r = MrcReader.open(half)) {
            double voxel = r.pixelSizeA();
            if (Double.isFinite(pixelSizeA) && Double.isFinite(voxel) && voxel > 0
                    && Math.abs(voxel / pixelSizeA - 1) > 0.01) {
                throw new BadInputException(half.toString(), String.format(Locale.ROOT, "voxel %.4f A differs from"
                        + " the movies' pixel %.4f A (rescale the map first)", voxel, pixelSizeA));
            }
        }
        if (mask != null) {
            float[] m = volume(mask);
            if (m.length != map.length) {
                throw new BadInputException(mask.toString(), "is not the size of " + half.getFileName());
            }
            for (int i = 0; i < map.length; i++) {
                map[i] *= m[i];
            }
        }
        return new ReferenceProjector(map, n);
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
