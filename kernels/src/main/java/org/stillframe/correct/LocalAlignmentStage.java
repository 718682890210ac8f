package org.stillframe.correct;

import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAligner;
import org.stillframe.align.patch.DeformationModel;
import org.stillframe.align.patch.LocalMotion;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.parallel.Workers;

/**
 * Stage 3, local alignment: with -Patch, the patches are aligned on the globally aligned frames and a
 * deformation model fitted ({@link LocalCorrection}); when it is trusted, the patches' per-frame consensus
 * also refines the whole-frame shifts. Without -Patch it only registers the shifts to the reference frame.
 */
final class LocalAlignmentStage {

    private final Workers workers;
    private final ComputeBackend compute;

    LocalAlignmentStage(Workers workers, ComputeBackend compute) {
        this.workers = workers;
        this.compute = compute;
    }

    FrameMotion estimate(IngestedFrames in, GlobalAligner.Result aligned, CorrectionOptions options,
                         MovieCorrector.Listener listener) {
        int reference = options.referenceIndex(in.frames);
        FrameShifts applied = aligned.shifts().relativeTo(reference);
        LocalMotion localMotion = in.localSpectra == null ? null : LocalCorrection.estimate(in.localSpectra,
                in.localGrid, applied, options.align(), options.patches(), workers, compute);
        if (localMotion != null && localMotion.note() != null && listener != null) {
            listener.note(localMotion.note());
        }
        DeformationModel model = localMotion != null && localMotion.applied() ? localMotion.model() : null;
        FrameShifts reported = aligned.shifts().relativeTo(0);
        if (model != null) {
            applied = plus(applied, localMotion.frameOffsetX(), localMotion.frameOffsetY()).relativeTo(reference);
            reported = plus(aligned.shifts(), localMotion.frameOffsetX(), localMotion.frameOffsetY()).relativeTo(0);
        }
        return new FrameMotion(applied, reported, reference, localMotion, model);
    }

    private static FrameShifts plus(FrameShifts s, double[] dx, double[] dy) {
        double[] x = s.x();
        double[] y = s.y();
        for (int i = 0; i < x.length; i++) {
            x[i] += dx[i];
            y[i] += dy[i];
        }
        return new FrameShifts(x, y);
    }
}
