package org.stillframe.spark;

import java.io.Serializable;
import java.util.List;
import org.stillframe.movie.MovieStatus;

/**
 * What the job learnt about one movie: the rows of every Parquet table for it. Written next to the outputs as
 * soon as the movie is done (so an interrupted job keeps it) and read back to build the tables.
 *
 * @param status        how the correction ended (the movies table holds its label, "ok" or "failed")
 * @param error         the one-line reason when failed, else ""
 * @param device        "cpu" or the GPU address Spark assigned ("gpu:0")
 * @param shiftX        per-frame global shift x (px, MotionCor2 sign; first frame used = 0); empty when failed
 * @param patchX        per patch (row) and frame (column) measured local shift x after the global one; empty
 *                      without patches
 * @param model         the deformation model's 36 coefficients in RELION's order; empty when none was applied
 * @param outputs       the output files written (locations)
 * @param readStartMs   when the task's read-ahead of this movie started and ended (epoch ms); both 0 when the
 *                      movie was not read ahead (the first of its task, remote storage)
 * @param computeStartMs when its correction (with the stack and the workflows' steps) started and ended (epoch ms)
 * @param writeStartMs  when its sums and logs were written (epoch ms; in a task, while the next movie is corrected)
 * @param gainOrientation the -RotGain/-FlipGain applied to its -Gain file, "" without one (or when failed)
 */
public record MovieOutcome(String movie, String stem, MovieStatus status, String error, String optionsHash,
                           String version, String device, String host, long sizeBytes, long modifiedMillis,
                           int width, int height, int framesUsed, int firstFrame, double pixelSizeA,
                           double dosePerFrame, double driftTotal, double driftEarly, double driftLate,
                           int defectsRepaired, int hotPixels, int iterations, double readSeconds,
                           double alignSeconds, double sumSeconds, double writeSeconds, double wallSeconds,
                           double[] shiftX, double[] shiftY, double[] exposure, double[] patchCentreX,
                           double[] patchCentreY, boolean[] patchRejected, double[][] patchX, double[][] patchY,
                           double[] model, List<String> outputs, String gainOrientation, long readStartMs,
                           long readEndMs, long computeStartMs, long computeEndMs, long writeStartMs,
                           long writeEndMs) implements Serializable {

    /** An outcome without stage times (set by {@link #withStages}). */
    public MovieOutcome(String movie, String stem, MovieStatus status, String error, String optionsHash,
                        String version, String device, String host, long sizeBytes, long modifiedMillis,
                        int width, int height, int framesUsed, int firstFrame, double pixelSizeA,
                        double dosePerFrame, double driftTotal, double driftEarly, double driftLate,
                        int defectsRepaired, int hotPixels, int iterations, double readSeconds,
                        double alignSeconds, double sumSeconds, double writeSeconds, double wallSeconds,
                        double[] shiftX, double[] shiftY, double[] exposure, double[] patchCentreX,
                        double[] patchCentreY, boolean[] patchRejected, double[][] patchX, double[][] patchY,
                        double[] model, List<String> outputs, String gainOrientation) {
        this(movie, stem, status, error, optionsHash, version, device, host, sizeBytes, modifiedMillis, width,
                height, framesUsed, firstFrame, pixelSizeA, dosePerFrame, driftTotal, driftEarly, driftLate,
                defectsRepaired, hotPixels, iterations, readSeconds, alignSeconds, sumSeconds, writeSeconds,
                wallSeconds, shiftX, shiftY, exposure, patchCentreX, patchCentreY, patchRejected, patchX, patchY,
                model, outputs, gainOrientation, 0, 0, 0, 0, 0, 0);
    }

    /** This outcome with the task's stage times (epoch ms). */
    public MovieOutcome withStages(long readStart, long readEnd, long computeStart, long computeEnd, long writeStart,
                                   long writeEnd) {
        return new MovieOutcome(movie, stem, status, error, optionsHash, version, device, host, sizeBytes,
                modifiedMillis, width, height, framesUsed, firstFrame, pixelSizeA, dosePerFrame, driftTotal,
                driftEarly, driftLate, defectsRepaired, hotPixels, iterations, readSeconds, alignSeconds, sumSeconds,
                writeSeconds, wallSeconds, shiftX, shiftY, exposure, patchCentreX, patchCentreY, patchRejected,
                patchX, patchY, model, outputs, gainOrientation, readStart, readEnd, computeStart, computeEnd,
                writeStart, writeEnd);
    }

    public boolean ok() {
        return status == MovieStatus.OK;
    }

    /** A failed movie: only the identity and the reason. */
    public static MovieOutcome failed(MovieEntry m, String optionsHash, String version, String device, String host,
                                      String error, double wallSeconds) {
        return new MovieOutcome(m.location(), m.stem(), MovieStatus.FAILED, error, optionsHash, version, device, host,
                m.sizeBytes(), m.modifiedMillis(), 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, 0, 0, 0, 0, 0, 0, wallSeconds, new double[0], new double[0], new double[0],
                new double[0], new double[0], new boolean[0], new double[0][], new double[0][], new double[0],
                List.of(), "");
    }
}
