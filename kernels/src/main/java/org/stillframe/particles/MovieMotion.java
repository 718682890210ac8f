package org.stillframe.particles;

import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.patch.DeformationModel;

/**
 * The motion already measured for a movie: whole-frame shifts and, with patch alignment, the deformation model,
 * both as corrections (MotionCor2 sign: the corrected frame is out(r) = frame(r − s)).
 *
 * @param shifts    per-frame whole-frame correction relative to the reference frame (px)
 * @param model     local deformation, or null without patch alignment
 * @param reference 0-based frame the corrected micrograph is registered to
 */
public record MovieMotion(FrameShifts shifts, DeformationModel model, int reference) {

    public int frames() {
        return shifts.frames();
    }

    /** The correction at rest position (x, y) of the micrograph in frame i, into out[0], out[1]. */
    public void correctionAt(double x, double y, int frame, double[] out) {
        double cx = shifts.x(frame);
        double cy = shifts.y(frame);
        if (model != null) {
            double[] u = new double[2];
            double[] u0 = new double[2];
            model.at(x, y, frame, u);
            model.at(x, y, reference, u0);
            cx += u[0] - u0[0];
            cy += u[1] - u0[1];
        }
        out[0] = cx;
        out[1] = cy;
    }
}
