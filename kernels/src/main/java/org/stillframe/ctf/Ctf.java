package org.stillframe.ctf;

/**
 * The contrast transfer function in RELION's convention (ctf.h): with λ the electron wavelength, Δf(θ) the
 * defocus along the frequency's direction θ (defocus U along the astigmatism angle, V across; positive =
 * underfocus), Cs the spherical aberration and Q the amplitude contrast,
 *
 * <pre>
 *   χ(k) = π·λ·Δf(θ)·k² − (π/2)·Cs·λ³·k⁴ + φ + atan(Q/√(1 − Q²)),    CTF(k) = −sin(−χ(k)) = sin(χ(k))
 * </pre>
 *
 * so CTF(0) = Q > 0 and underfocus makes the first lobe positive: a projection of a positive density times the CTF
 * looks like a particle with inverted contrast (white), as RELION's references do. k in 1/Å.
 *
 * @param voltageKv         acceleration voltage (kV)
 * @param csMm              spherical aberration (mm)
 * @param amplitudeContrast Q (e.g. 0.1)
 * @param defocusUA         defocus U (Å, underfocus positive)
 * @param defocusVA         defocus V (Å)
 * @param astigmatismDeg    angle of U from the x axis (degrees)
 * @param phaseShiftDeg     phase-plate shift (degrees)
 */
public record Ctf(double voltageKv, double csMm, double amplitudeContrast, double defocusUA, double defocusVA,
                  double astigmatismDeg, double phaseShiftDeg) implements java.io.Serializable {

    public Ctf {
        if (!(voltageKv > 0) || !(amplitudeContrast >= 0 && amplitudeContrast < 1) || !Double.isFinite(csMm)
                || !Double.isFinite(defocusUA) || !Double.isFinite(defocusVA)) {
            throw new IllegalArgumentException("CTF parameters out of range: " + this);
        }
    }

    /** Relativistic electron wavelength (Å) at {@code kv} kilovolts. */
    public static double wavelengthA(double kv) {
        double v = kv * 1000;
        return 12.2643 / Math.sqrt(v * (1 + 0.978466e-6 * v));
    }

    /** CTF at spatial frequency (kx, ky) in 1/Å. */
    public double value(double kx, double ky) {
        double lambda = wavelengthA(voltageKv);
        double k2 = kx * kx + ky * ky;
        double angle = Math.atan2(ky, kx) - Math.toRadians(astigmatismDeg);
        double mean = 0.5 * (defocusUA + defocusVA);
        double half = 0.5 * (defocusUA - defocusVA);
        double defocus = mean + half * Math.cos(2 * angle);
        double cs = csMm * 1e7;
        double q = amplitudeContrast;
        double chi = Math.PI * lambda * defocus * k2 - 0.5 * Math.PI * cs * lambda * lambda * lambda * k2 * k2
                + Math.toRadians(phaseShiftDeg) + Math.atan(q / Math.sqrt(1 - q * q));
        return Math.sin(chi);
    }

    /**
     * Multiplies a half-complex spectrum of an n × n image (layout of {@code RealFft2d}) with pixel size
     * {@code pixelSizeA} by the CTF, in place.
     */
    public void apply(float[] spectrum, int n, double pixelSizeA) {
        int cols = n / 2 + 1;
        for (int r = 0; r < n; r++) {
            int fy = r <= n / 2 ? r : r - n;
            double ky = fy / (n * pixelSizeA);
            for (int c = 0; c < cols; c++) {
                double kx = c / (n * pixelSizeA);
                float v = (float) value(kx, ky);
                int i = 2 * (r * cols + c);
                spectrum[i] *= v;
                spectrum[i + 1] *= v;
            }
        }
    }
}
