package org.stillframe.correct;

import java.io.IOException;
import org.stillframe.align.global.AlignmentGrid;
import org.stillframe.align.global.EdgeWindow;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.defects.DefectMap;
import org.stillframe.defects.HotPixelDetector;
import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * Stage 1, ingest: reads every frame once (reading overlaps computing) and keeps it ({@link FrameStore}),
 * finds the defective pixels, then gain-corrects, repairs and transforms each frame. Its spectrum is
 * Fourier-cropped to the correlation grid, where the frame is mean-subtracted and edge-windowed
 * ({@link EdgeWindow}) for alignment, and, with patches, to the patch grid.
 */
final class FrameIngest {

    /** Fraction of each side tapered by the alignment window. */
    static final double TAPER_FRACTION = 0.05;

    private final Workers workers;
    private final ComputeBackend compute;

    FrameIngest(Workers workers, ComputeBackend compute) {
        this.workers = workers;
        this.compute = compute;
    }

    /**
     * @param knownDefects pixels known to be bad (defect file, dead gain pixels), or null
     * @param listener     given the raw frames' sum when it wants it, or null
     */
    IngestedFrames read(MovieFrames movie, GainCorrection gain, boolean[] knownDefects, CorrectionOptions options,
                        MovieCorrector.Listener listener) throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        int n = movie.frameCount();
        int pixels = nx * ny;
        AlignmentGrid grid = AlignmentGrid.choose(nx, ny, options.align().bFactor());
        int gx = grid.gridX();
        int gy = grid.gridY();
        RealFft2d fft = compute.fft(nx, ny);
        RealFft2d small = compute.fft(gx, gy);
        int w = workers.count();
        float[][] frameBuf = new float[w][]; // made when first needed: frames read as counts do without
        float[][] smallBuf = new float[w][gx * gy];
        float[][] alignSpectra = new float[n][];
        // The window is applied on the correlation grid (cheap, and the full spectrum stays the frame's own);
        // its overlap, which the aligner divides out, is the same in input pixels.
        EdgeWindow gridWindow = new EdgeWindow(gx, gy, TAPER_FRACTION, 0);
        float cropScale = (float) (1.0 / ((double) nx * ny)); // crop, and undo the small inverse's gain

        // Local correction remaps every frame from its raw pixels, so there is no use keeping spectra then.
        boolean local = options.patches() != null;
        AlignmentGrid localGrid = local ? AlignmentGrid.choose(nx, ny, options.patches().bFactor()) : null;
        float[][] localSpectra = local ? new float[n][] : null;
        FrameStore store = new FrameStore(n, fft, gain, local ? 0 : options.spectrumCacheBytes());
        boolean done = false;
        try {
            // Read every frame once; sum the raw frames for defect detection.
            boolean rawSumWanted = listener != null && listener.wantsRawSum();
            float[][] sumBuf = options.detectDefects() || rawSumWanted ? new float[w][pixels] : null;
            readAndKeep(movie, store, frameBuf, sumBuf);
            if (sumBuf != null) {
                for (int k = 1; k < sumBuf.length; k++) {
                    Spectra.add(sumBuf[k], sumBuf[0], pixels);
                }
            }
            // The listener's look at the raw sum (the gain orientation check) and the defect detection, which
            // gain-corrects the sum in place, run side by side on a copy: both are serial, and the workers idle.
            float[] forListener = rawSumWanted ? (options.detectDefects() ? sumBuf[0].clone() : sumBuf[0]) : null;
            DefectReport[] found = new DefectReport[1];
            workers.forEach(rawSumWanted ? 2 : 1, (worker, task) -> {
                if (task == 0) {
                    found[0] = findDefects(options.detectDefects() ? sumBuf[0] : null, knownDefects, gain, nx, ny,
                            n, options);
                } else {
                    listener.rawSum(forListener);
                }
            });
            DefectReport defects = found[0];
            store.setDefects(defects.map());
            // Transform; correlation-grid copy: cropped spectrum, back to real space, window, transform again.
            double[] frameMean = new double[n];
            workers.forEach(n, (worker, i) -> {
                float[] cropped = new float[Spectra.length(gx, gy)];
                if (local) {
                    localSpectra[i] = new float[Spectra.length(localGrid.gridX(), localGrid.gridY())];
                    store.transform(i, cropped, gx, gy, cropScale,
                            localSpectra[i], localGrid.gridX(), localGrid.gridY(), cropScale);
                } else {
                    store.transform(i, cropped, gx, gy, cropScale);
                }
                frameMean[i] = cropped[0]; // DC of the crop: the gain-corrected frame's mean (scaled by 1/(nx·ny))
                float[] image = smallBuf[worker];
                small.inverse(cropped, image);
                gridWindow.apply(image);
                small.forward(image, cropped);
                alignSpectra[i] = cropped;
            });
            double meanCounts = java.util.Arrays.stream(frameMean).average().orElse(0);
            done = true;
            return new IngestedFrames(fft, store, defects, alignSpectra, grid, localSpectra, localGrid, meanCounts,
                    frameBuf);
        } finally {
            if (!done) {
                store.close();
            }
        }
    }

    /**
     * Reads every frame into the store and adds it to the worker's raw sum, when given. Counting cameras' integer
     * frames are read as counts (half the memory of floats, no conversion), until a frame is not.
     */
    private void readAndKeep(MovieFrames movie, FrameStore store, float[][] frameBuf, float[][] sumBuf)
            throws IOException {
        int pixels = movie.width() * movie.height();
        char[][] countBuf = new char[workers.count()][];
        boolean[] readAsCounts = new boolean[workers.count()]; // how the worker's current frame was read
        java.util.concurrent.atomic.AtomicBoolean counts = new java.util.concurrent.atomic.AtomicBoolean(true);
        Workers.Body read = (worker, i) -> {
            if (counts.get()) {
                if (countBuf[worker] == null) {
                    countBuf[worker] = new char[pixels];
                }
                if (movie.readCounts(i, countBuf[worker])) {
                    readAsCounts[worker] = true;
                    return;
                }
                counts.set(false); // not counts: this frame and the rest are read as floats
            }
            readAsCounts[worker] = false;
            movie.read(i, IngestedFrames.buffer(frameBuf, worker, pixels));
        };
        forEachFrameRead(workers, movie.frameCount(), movie.concurrentReads(), read, (worker, i) -> {
            float[] sum = sumBuf == null ? null : sumBuf[worker];
            if (readAsCounts[worker]) {
                store.keepCounts(i, countBuf[worker], sum);
            } else {
                store.keepRaw(i, frameBuf[worker], sum);
            }
        });
    }

    /**
     * Reads every frame on the workers (in order, one at a time, unless the source allows concurrent reads)
     * and runs {@code compute} on each; I/O errors come out unwrapped.
     */
    static void forEachFrameRead(Workers workers, int n, MovieFrames movie, float[][] frameBuf, Workers.Body compute)
            throws IOException {
        forEachFrameRead(workers, n, movie.concurrentReads(), (worker, i) -> movie.read(i, frameBuf[worker]),
                compute);
    }

    /** As above, each frame read by {@code read} into the worker's buffers. */
    private static void forEachFrameRead(Workers workers, int n, boolean concurrent, Workers.Body read,
                                         Workers.Body compute) throws IOException {
        try {
            if (concurrent) {
                workers.forEach(n, (worker, i) -> {
                    read.run(worker, i);
                    compute.run(worker, i);
                });
            } else {
                workers.forEachInOrder(n, read::run, compute);
            }
        } catch (Workers.WorkerException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** @param sum the raw frames' sum (modified), or null without dynamic defect detection */
    private static DefectReport findDefects(float[] sum, boolean[] known, GainCorrection gain, int nx, int ny,
                                            int frames, CorrectionOptions options) {
        boolean[] mask = known == null ? new boolean[nx * ny] : known.clone();
        float[] g = gain.gain();
        float[] dark = gain.dark();
        int listed = 0;
        int zeroGain = 0;
        // One pass: the listed pixels, the gain's dead ones, and Σ_i (raw_i − dark)·gain = (Σ_i raw_i − N·dark)·gain
        // (the frames were summed raw).
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                listed++;
            } else if (g != null && (g[i] == 0 || !Float.isFinite(g[i]))) {
                mask[i] = true; // a dead pixel in the gain reference (RELION does the same)
                zeroGain++;
            }
            if (sum != null) {
                float v = dark == null ? sum[i] : sum[i] - frames * dark[i];
                sum[i] = g == null ? v : v * g[i];
            }
        }
        if (sum == null) {
            return new DefectReport(DefectMap.of(mask, nx, ny, options.seed()), listed, zeroGain, 0, 0, 0);
        }
        HotPixelDetector.Detection d = HotPixelDetector.detect(sum, nx, ny, mask);
        return new DefectReport(DefectMap.of(d.mask(), nx, ny, options.seed()), listed, zeroGain, d.hot(), d.dead(),
                d.cluster());
    }
}
