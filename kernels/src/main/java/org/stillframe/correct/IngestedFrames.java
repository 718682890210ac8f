package org.stillframe.correct;

import org.stillframe.align.global.AlignmentGrid;
import org.stillframe.fft.RealFft2d;

/**
 * A movie after {@link FrameIngest}: every frame kept ({@link FrameStore}), its spectrum on the correlation grid
 * (mean-subtracted, edge-windowed) and, with patches, on the patch grid; the defects found; and each worker's
 * scratch buffers, which the later stages reuse. Closing it frees the kept spectra.
 */
final class IngestedFrames implements AutoCloseable {

    final int nx;
    final int ny;
    final int frames;
    final RealFft2d fft;
    final FrameStore store;
    final DefectReport defects;
    /** Per-frame spectra on {@link #grid}, windowed for alignment. */
    final float[][] alignSpectra;
    final AlignmentGrid grid;
    /** Per-frame spectra on {@link #localGrid} for the patches, or null without -Patch. */
    final float[][] localSpectra;
    final AlignmentGrid localGrid;
    /** Mean counts per pixel per frame of the gain-corrected frames. */
    final double meanCounts;
    /** Per-worker frame scratch (nx·ny), each made when first needed ({@link #frameBuffer}). */
    private final float[][] frameBuf;

    IngestedFrames(RealFft2d fft, FrameStore store, DefectReport defects, float[][] alignSpectra, AlignmentGrid grid,
                   float[][] localSpectra, AlignmentGrid localGrid, double meanCounts, float[][] frameBuf) {
        this.nx = fft.width();
        this.ny = fft.height();
        this.frames = alignSpectra.length;
        this.fft = fft;
        this.store = store;
        this.defects = defects;
        this.alignSpectra = alignSpectra;
        this.grid = grid;
        this.localSpectra = localSpectra;
        this.localGrid = localGrid;
        this.meanCounts = meanCounts;
        this.frameBuf = frameBuf;
    }

    /** Worker {@code worker}'s frame scratch (nx·ny floats). */
    float[] frameBuffer(int worker) {
        return buffer(frameBuf, worker, nx * ny);
    }

    /** {@code buffers[worker]}, made first if it is not yet. */
    static float[] buffer(float[][] buffers, int worker, int length) {
        if (buffers[worker] == null) {
            buffers[worker] = new float[length];
        }
        return buffers[worker];
    }

    @Override
    public void close() {
        store.close();
    }
}
