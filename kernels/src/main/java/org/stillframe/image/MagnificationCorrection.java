package org.stillframe.image;

/**
 * Undoes anisotropic magnification (MotionCor2's -Mag major minor angle): the image is rescaled by
 * major/minor along the direction at {@code angleDeg} (counter-clockwise from +x, y up) about its centre, with
 * Keys' cubic interpolation (a = −0.5); outside samples take the nearest edge value. The output pixel size is
 * the input's divided by max(major, minor).
 *
 * <p>A point at offset d from the centre along the major axis moves to d·major/minor: the image, shrunk along
 * that axis by the distortion, is stretched back.
 */
public record MagnificationCorrection(double major, double minor, double angleDeg) implements java.io.Serializable {

    public MagnificationCorrection {
        if (!(major > 0) || !(minor > 0)) {
            throw new IllegalArgumentException("-Mag scales must be positive, got " + major + " " + minor);
        }
    }

    public double stretch() {
        return major / minor;
    }

    /** The corrected image, same size. */
    public float[] apply(float[] image, int nx, int ny) {
        double t = Math.toRadians(angleDeg);
        double c = Math.cos(t);
        double s = Math.sin(t);
        double inv = 1 / stretch();
        double cx = (nx - 1) / 2.0;
        double cy = (ny - 1) / 2.0;
        float[] out = new float[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double dx = x - cx;
                double dy = y - cy;
                // components along and across the major axis; the source lies at along / stretch
                double along = dx * c + dy * s;
                double across = -dx * s + dy * c;
                along *= inv;
                double sx = cx + along * c - across * s;
                double sy = cy + along * s + across * c;
                out[y * nx + x] = cubic(image, nx, ny, sx, sy);
            }
        }
        return out;
    }

    private static float cubic(float[] img, int nx, int ny, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double[] wx = keys(fx);
        double[] wy = keys(fy);
        double v = 0;
        for (int j = 0; j < 4; j++) {
            int yy = Math.min(ny - 1, Math.max(0, y0 - 1 + j));
            double row = 0;
            for (int i = 0; i < 4; i++) {
                int xx = Math.min(nx - 1, Math.max(0, x0 - 1 + i));
                row += wx[i] * img[yy * nx + xx];
            }
            v += wy[j] * row;
        }
        return (float) v;
    }

    /** Keys' cubic convolution weights (a = −0.5) for the 4 samples around a fraction f. */
    private static double[] keys(double f) {
        double a = -0.5;
        double[] w = new double[4];
        double[] d = {1 + f, f, 1 - f, 2 - f};
        for (int i = 0; i < 4; i++) {
            double t = d[i];
            w[i] = t <= 1 ? (a + 2) * t * t * t - (a + 3) * t * t + 1
                    : a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a;
        }
        return w;
    }
}
