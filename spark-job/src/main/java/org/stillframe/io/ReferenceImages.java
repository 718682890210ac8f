package org.stillframe.io;

import java.io.IOException;
import java.nio.file.Path;
import org.stillframe.io.mrc.MrcReader;

/** Reads calibration images (gain and dark references) and checks them against the movie's frame size. */
public final class ReferenceImages {

    private ReferenceImages() {
    }

    /**
     * The first section of an MRC reference, which must be {@code nx} × {@code ny}.
     *
     * @param what "gain reference" or "dark reference", for messages
     */
    public static float[] read(Path file, int nx, int ny, String what) throws IOException {
        try (MrcReader r = MrcReader.open(file)) {
            if (r.width() != nx || r.height() != ny) {
                throw new BadInputException(file.toString(), what + " is " + r.width() + " x " + r.height()
                        + " but the movie's frames are " + nx + " x " + ny);
            }
            float[] image = new float[nx * ny];
            r.read(0, image);
            for (int i = 0; i < image.length; i++) {
                if (!Float.isFinite(image[i])) {
                    throw new BadInputException(file.toString(), what + " has a non-finite value at pixel ("
                            + (i % nx) + ", " + (i / nx) + ")");
                }
            }
            return image;
        }
    }
}
