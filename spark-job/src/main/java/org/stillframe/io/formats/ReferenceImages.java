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
     * A reference image as its file holds it, before -RotGain/-FlipGain: its first frame, width × height; an EER
     * gain already repeated onto the rendering grid.
     */
    public record Stored(String file, String what, float[] pixels, int width, int height) {

        /** The image turned by {@code orientation}, which must then be nx × ny. */
        public float[] oriented(int nx, int ny, GainOrientation orientation) throws BadInputException {
            int w = orientation.width(width, height);
            int h = orientation.height(width, height);
            if (w != nx || h != ny) {
                String turned = orientation.equals(GainOrientation.NONE) ? "" : " after " + orientation;
                throw new BadInputException(file, what + " is " + w + " x " + h + turned
                        + " but the movie's frames are " + nx + " x " + ny);
            }
            return orientation.apply(pixels, width, height);
        }
    }

    /**
     * The first frame of a reference (MRC, TIFF, bzip2-compressed MRC) turned by -RotGain/-FlipGain, which must then be nx × ny.
     * The reference is a local path or a Hadoop URI ({@code hdfs://}, {@code s3a://}).
     */
    public static float[] readOriented(String file, int nx, int ny, GainOrientation orientation, String what)
            throws IOException {
        return readStored(file, nx, ny, what).oriented(nx, ny, orientation);
    }

    /**
     * A reference for nx × ny frames as its file holds it (see {@link Stored}); an EER gain ({@code .gain}) is the
     * first page of a TIFF, a multiplicative gain in raw EER orientation (not flipped, unlike TIFF movies), at the
     * sensor size, and on a 2× or 4× rendering grid each value covers 2 × 2 or 4 × 4 rendered pixels.
     */
    public static Stored readStored(String file, int nx, int ny, String what) throws IOException {
        boolean eer = Storage.fileName(file).toLowerCase(java.util.Locale.ROOT).endsWith(".gain");
        float[] image;
        int w;
        int h;
        try (FrameSource r = eer ? org.stillframe.io.tiff.TiffReader.open(file, Storage.openRead(file), false)
                : MovieFiles.open(file)) {
            w = r.width();
            h = r.height();
            image = new float[w * h];
            r.read(0, image);
            checkFinite(image, w, file, what);
        }
        if (!eer) {
            return new Stored(file, what, image, w, h);
        }
        for (int k : new int[] {1, 2, 4}) { // the same in every orientation: sensor and grid are square or turned
            if ((w * k == nx && h * k == ny) || (h * k == nx && w * k == ny)) {
                return new Stored(file, what, repeat(image, w, h, k), w * k, h * k);
            }
        }
        throw new BadInputException(file, what + " is " + w + " x " + h + " but the movie's frames are " + nx
                + " x " + ny + " (an EER gain must be the sensor size, rendered at 1x, 2x or 4x)");
    }

    /** Each value repeated over k × k pixels. */
    private static float[] repeat(float[] image, int w, int h, int k) {
        if (k == 1) {
            return image;
        }
        int ow = w * k;
        float[] out = new float[ow * h * k];
        for (int y = 0; y < h * k; y++) {
            for (int x = 0; x < ow; x++) {
                out[y * ow + x] = image[(y / k) * w + x / k];
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
