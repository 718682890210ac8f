package org.stillframe.correct;

import java.io.IOException;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.patch.DeformationModel;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * Stage 4, sums: each frame's spectrum is shifted by an exact phase ramp (or, with a deformation model, the
 * frame is remapped first) and added to every requested sum ({@link WeightedSums}); one inverse transform
 * per sum. The aligned-frame stack, when asked for, is written from the same aligned spectra.
 */
final class SumStage {

    private final Workers workers;
    private final ComputeBackend compute;

    SumStage(Workers workers, ComputeBackend compute) {
        this.workers = workers;
        this.compute = compute;
    }

    /** A frame's fully aligned spectrum, computed in worker {@code worker}'s buffers. */
    @FunctionalInterface
    private interface Aligned {
        float[] spectrum(int worker, int i);
    }

    Sums sum(IngestedFrames in, FrameMotion motion, SumRequest request) throws IOException {
        int n = in.frames;
        FrameStore store = in.store;
        int outX = MovieCorrector.binnedSize(in.nx, request.binning());
        int outY = MovieCorrector.binnedSize(in.ny, request.binning());
        FrameShifts shifts = motion.applied();
        DeformationModel model = motion.model();
        int w = workers.count();
        if (model != null) {
            store.releaseScratch(); // frames are remapped from their raw pixels: no native spectra needed
        }
        float[][] spectrumBuf = new float[w][in.fft.spectrumLength()]; // only this pass needs full spectra
        float[][] imageBuf = model == null ? null : new float[w][in.nx * in.ny];
        Aligned alignedFrame = model == null
                ? (worker, i) -> store.spectrum(i, spectrumBuf[worker])
                : (worker, i) -> LocalCorrection.alignedFrame(store, i, shifts, model, motion.reference(), in.fft,
                        compute, in.frameBuffer(worker), spectrumBuf[worker], imageBuf[worker]);
        WeightedSums sums = new WeightedSums(in.nx, in.ny, w, request, shifts, compute);
        workers.forEach(n, (worker, i) -> sums.add(worker, i, alignedFrame.spectrum(worker, i), model != null));
        Sums images = sums.finish(outX, outY);
        if (request.stackBin() > 0) {
            writeStack(n, request, sums, outX, outY, model == null ? (worker, i) -> store.shifted(i,
                    shifts.x(i), shifts.y(i), spectrumBuf[0]) : alignedFrame);
        }
        return images;
    }

    /** Writes the aligned frames, Fourier-binned and summed stackBin at a time, in frame order. */
    private void writeStack(int n, SumRequest request, WeightedSums sums, int outX, int outY, Aligned frames)
            throws IOException {
        RealFft2d outFft = compute.fft(outX, outY);
        int z = request.stackBin();
        float[] acc = new float[outX * outY];
        int inGroup = 0;
        for (int i = 0; i < n; i++) {
            float[] s = frames.spectrum(0, i);
            float[] image = sums.inverse(s, outFft, outX, outY);
            Spectra.add(image, acc, acc.length);
            if (++inGroup == z || i == n - 1) {
                if (inGroup == z) { // MotionCor2 drops a last, incomplete group
                    request.stack().frame(acc, outX, outY);
                }
                java.util.Arrays.fill(acc, 0f);
                inGroup = 0;
            }
        }
    }
}
