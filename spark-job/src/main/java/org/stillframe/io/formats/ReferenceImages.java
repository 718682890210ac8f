package org.stillframe.io.formats;

import java.io.IOException;
import java.nio.file.Path;
import org.stillframe.gain.GainOrientation;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.Storage;

/** Reads calibration images (gain and dark references) and checks them against the movie's frame size. */
public final class ReferenceImages {

    private ReferenceImages() {
    }

    /**
     * The first frame of a reference (MRC, TIFF, bzip2-compressed MRC) turned by -RotGain/-FlipGain, which must then be nx × ny.
     * The reference is a local path or a Hadoop URI ({@code hdfs://}, {@code s3a://}).
     */
    public static float[] readOriented(String file, int nx, int ny, GainOrientation orientation, String what)
            throws IOException {
        if (Storage.fileName(file).toLowerCase(java.util.Locale.ROOT).endsWith(".gain")) {
            return eerGain(file, nx, ny, orientation, what);
        }
        try (FrameSource r = MovieFiles.open(file)) {
            int w = orientation.width(r.width(), r.height());
            int h = orientation.height(r.width(), r.height());
            if (w != nx || h != ny) {
                String turned = orientation.equals(GainOrientation.NONE) ? "" : " after " + orientation;
                throw new BadInputException(file, what + " is " + w + " x " + h + turned
                        + " but the movie's frames are " + nx + " x " + ny);
            }
            float[] image = new float[r.width() * r.height()];
            r.read(0, image);
            checkFinite(image, r.width(), file, what);
            return orientation.apply(image, r.width(), r.height());
        }
    }

    /**
     * An EER gain ({@code .gain}): the first page of a TIFF, a multiplicative gain in raw EER orientation (not
     * flipped, unlike TIFF movies), at the sensor size; on a 2× or 4× rendering grid each value covers 2 × 2 or
     * 4 × 4 rendered pixels.
     */
    static float[] eerGain(String file, int nx, int ny, GainOrientation orientation, String what) throws IOException {
        float[] gain;
        int gw;
        int gh;
        try (FrameSource r = org.stillframe.io.tiff.TiffReader.open(file, Storage.openRead(file),
                false)) {
            gw = orientation.width(r.width(), r.height());
            gh = orientation.height(r.width(), r.height());
            float[] image = new float[r.width() * r.height()];
            r.read(0, image);
            checkFinite(image, r.width(), file, what);
            gain = orientation.apply(image, r.width(), r.height());
        }
        int k = nx / gw;
        if (!(k == 1 || k == 2 || k == 4) || gw * k != nx || gh * k != ny) {
            throw new BadInputException(file, what + " is " + gw + " x " + gh + " but the movie's frames"
                    + " are " + nx + " x " + ny + " (an EER gain must be the sensor size, rendered at 1x, 2x or 4x)");
        }
        if (k == 1) {
            return gain;
        }
        float[] out = new float[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                out[y * nx + x] = gain[(y / k) * gw + x / k];
            }
        }
        return out;
    }

    private static void checkFinite(float[] image, int nx, String file, String what) throws BadInputException {
        for (int i = 0; i < image.length; i++) {
            if (!Float.isFinite(image[i])) {
                throw new BadInputException(file, what + " has a non-finite value at pixel ("
                        + (i % nx) + ", " + (i / nx) + ")");
            }
        }
    }

    /**
     * The first frame of a reference (MRC, TIFF, bzip2-compressed MRC), which must be {@code nx} × {@code ny}.
     *
     * @param what "gain reference" or "dark reference", for messages
     */
    public static float[] read(Path file, int nx, int ny, String what) throws IOException {
        try (FrameSource r = MovieFiles.open(file.toString())) {
            if (r.width() != nx || r.height() != ny) {
                throw new BadInputException(file.toString(), what + " is " + r.width() + " x " + r.height()
                        + " but the movie's frames are " + nx + " x " + ny);
            }
            float[] image = new float[nx * ny];
            r.read(0, image);
            checkFinite(image, nx, file.toString(), what);
            return image;
        }
    }
}
