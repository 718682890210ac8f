package org.stillframe.quality;

import java.util.List;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.patch.DeformationModel;

/**
 * How far a measured correction field (whole-frame shifts plus a local deformation model) is from the true one,
 * sampled at points of known true correction.
 */
public final class FieldError {

    private FieldError() {
    }

    /** The true correction (px, MotionCor2 sign) at pixel (x, y) of frame t (0-based). */
    public record Sample(int frame, double x, double y, double shiftX, double shiftY) {
    }

    /**
     * @param rmsPx       RMS over samples of |measured − true|, one constant offset removed (the reference choice)
     * @param localRmsPx  the same with each frame's mean error removed: the error of the deformation alone, which
     *                    is what blurs one part of the sum against another
     */
    public record Result(double rmsPx, double localRmsPx, int samples) {
    }

    /** @param model the local deformation added to the global shifts, or null for whole-frame correction only */
    public static Result of(List<Sample> truth, FrameShifts global, DeformationModel model) {
        int frames = global.frames();
        double[] u = new double[2];
        double[][] ex = new double[truth.size()][];
        double[] frameMeanX = new double[frames];
        double[] frameMeanY = new double[frames];
        int[] perFrame = new int[frames];
        double mx = 0;
        double my = 0;
        int n = 0;
        for (int i = 0; i < truth.size(); i++) {
            Sample s = truth.get(i);
            if (s.frame() < 0 || s.frame() >= frames) {
                continue;
            }
            u[0] = 0;
            u[1] = 0;
            if (model != null) {
                model.at(s.x(), s.y(), s.frame(), u);
            }
            double dx = global.x(s.frame()) + u[0] - s.shiftX();
            double dy = global.y(s.frame()) + u[1] - s.shiftY();
            ex[i] = new double[] {dx, dy};
            frameMeanX[s.frame()] += dx;
            frameMeanY[s.frame()] += dy;
            perFrame[s.frame()]++;
            mx += dx;
            my += dy;
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("no true field samples within the measured frames");
        }
        mx /= n;
        my /= n;
        double all = 0;
        double local = 0;
        for (int i = 0; i < truth.size(); i++) {
            if (ex[i] == null) {
                continue;
            }
            int t = truth.get(i).frame();
            all += Math.pow(ex[i][0] - mx, 2) + Math.pow(ex[i][1] - my, 2);
            local += Math.pow(ex[i][0] - frameMeanX[t] / perFrame[t], 2)
                    + Math.pow(ex[i][1] - frameMeanY[t] / perFrame[t], 2);
        }
        return new Result(Math.sqrt(all / n), Math.sqrt(local / n), n);
    }
}
