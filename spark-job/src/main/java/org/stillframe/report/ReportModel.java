package org.stillframe.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What the QC report shows, read from a run's tables (no movie is read): the summary, the distributions with their
 * outlier fences, one entry per movie and the tilt series.
 *
 * @param movieSeconds   per-movie wall time summed (s), the work done
 * @param spanSeconds    first movie started to last finished (s), 0 when not recorded
 * @param flags          the job's processing flags when known (recorded by the job), else empty
 */
public record ReportModel(String title, String generated, long ok, long failed, List<String> versions,
                          List<String> optionsHashes, List<String> flags, List<String> devices, List<String> hosts,
                          double movieSeconds, double spanSeconds, String driftUnit, List<Distribution> distributions,
                          List<Movie> movies, List<TiltSeries> series) {

    /**
     * One column's values over the ok movies and its nearest-rank quartiles and upper Tukey fence (Q3 + 3 IQR),
     * the numbers {@code stillframe qc} prints.
     */
    public record Distribution(String key, String label, double[] values, double q1, double median, double q3,
                               double fence) {
    }

    /**
     * One movie's row.
     *
     * @param localMotionPx RMS length of the local shifts (after the global one) over the accepted patches and the
     *                      frames (px), null without patches
     * @param outlier       which fences the movie is beyond ("drift", "local", both or ""), drift as in
     *                      {@code stillframe qc}
     * @param sumPng        thumbnail of the (dose-weighted) sum made by the task, null when absent
     */
    public record Movie(String stem, String movie, String status, String error, Double driftTotal,
                        Double driftEarly, Double driftLate, Double localMotionPx, int defects, int hotPixels,
                        double wallSeconds, String device, String host, String outlier, double[] shiftX,
                        double[] shiftY, Patches patches, Path sumPng, Path spectrumPng, Path particlePng) {

        public boolean ok() {
            return "ok".equals(status);
        }
    }

    /** A movie's patches: centres (px) and each one's local shift from the first frame to the last (px). */
    public record Patches(double[] centreX, double[] centreY, double[] shiftX, double[] shiftY, boolean[] rejected,
                          int width, int height) {
    }

    /** One tilt series in angle order. */
    public record TiltSeries(String name, List<Tilt> tilts) {
    }

    public record Tilt(double angle, int acquisitionOrder, double preExposure, String stem, String status,
                       String error) {
    }
}
