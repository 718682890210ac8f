package org.stillframe.compute;

import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.LocalRemap;
import org.stillframe.image.Spectra;

/** The operations on the CPU: FFTW plans, and the Java kernels of {@link CrossPower}, {@link CorrelationPeak},
 * {@link Spectra} and {@link LocalRemap}. */
public final class CpuBackend implements ComputeBackend {

    static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    @Override
    public RealFft2d fft(int nx, int ny) {
        return FftPlans.of(nx, ny);
    }

    @Override
    public void crossPowerOfFrame(float[] frame, int gx, int gy, double sx, double sy, float[] total,
                                  float[] weight, boolean phaseOnly, float[] out) {
        CrossPower.shifted(frame, gx, gy, sx, sy, total, weight, phaseOnly, out);
    }

    @Override
    public void crossPower(float[] unit, float[] total, float[] weight, boolean phaseOnly, float[] out) {
        CrossPower.of(unit, total, weight, phaseOnly, out, unit.length);
    }

    @Override
    public double[] peak(float[] map, int nx, int ny, int windowX, int windowY, Overlap overlap) {
        return CorrelationPeak.find(map, nx, ny, windowX, windowY, overlap);
    }

    @Override
    public void shift(float[] src, int nx, int ny, double sx, double sy, float[] dst, boolean accumulate) {
        Spectra.shift(src, nx, ny, sx, sy, dst, accumulate);
    }

    @Override
    public void addWeighted(float[] spectrum, float[] weights, float[] dst) {
        for (int m = 0; m < weights.length; m++) {
            float wm = weights[m];
            dst[2 * m] += wm * spectrum[2 * m];
            dst[2 * m + 1] += wm * spectrum[2 * m + 1];
        }
    }

    @Override
    public void remap(float[] in, float[] out, int nx, int ny, double gx, double gy, LocalRemap.Field local,
                      float[] scratch) {
        LocalRemap.apply(in, out, nx, ny, (row, axis, u) -> {
            local.row(row, axis, u);
            double g = axis == 0 ? gx : gy;
            for (int x = 0; x < u.length; x++) {
                u[x] += g;
            }
        }, scratch);
    }
}
