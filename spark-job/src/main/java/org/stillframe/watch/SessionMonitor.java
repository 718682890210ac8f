package org.stillframe.watch;

import com.typesafe.config.Config;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.stillframe.image.RobustStats;

/**
 * What a facility manager watches during a session: the rate movies are corrected at over the last minutes, the
 * backlog (complete but not corrected yet, and still being written) and when it will be worked off, the latency
 * from a movie being complete to its row being in the tables, and alerts when the last movies fail or drift
 * too often ({@code stillframe.watch.alert}).
 */
public final class SessionMonitor {

    /** Alert thresholds over the last {@code window} movies. */
    public record Thresholds(int window, double failedFraction, double driftFactor) {

        public static Thresholds of(Config alert) {
            return new Thresholds(alert.getInt("window"), alert.getDouble("failed-fraction"),
                    alert.getDouble("drift-factor"));
        }
    }

    /** One corrected movie. */
    public record Done(String stem, boolean ok, double driftTotal, long completeMillis, long visibleMillis) {
    }

    private final long rateWindowMillis;
    private final Thresholds thresholds;
    private final Deque<Done> recent = new ArrayDeque<>();
    private final List<Double> drifts = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private long ok;
    private long failed;
    private final long start;
    private boolean failingBefore;
    private boolean driftingBefore;

    public SessionMonitor(double rateWindowMinutes, Thresholds thresholds, long startMillis) {
        this.rateWindowMillis = Math.round(rateWindowMinutes * 60_000);
        this.thresholds = thresholds;
        this.start = startMillis;
    }

    /** Records movies whose rows have just become visible. */
    public void done(List<Done> movies) {
        for (Done d : movies) {
            recent.addLast(d);
            if (d.ok()) {
                ok++;
                if (Double.isFinite(d.driftTotal())) {
                    drifts.add(d.driftTotal());
                }
            } else {
                failed++;
            }
            latencies.add(d.visibleMillis() - d.completeMillis());
        }
        while (recent.size() > Math.max(thresholds.window(), 1000)) {
            recent.removeFirst();
        }
    }

    /** Movies per minute over the last rate window (or since the start, if shorter). */
    public double moviesPerMinute(long now) {
        long from = Math.max(start, now - rateWindowMillis);
        long n = recent.stream().filter(d -> d.visibleMillis() >= from).count();
        double minutes = (now - from) / 60_000.0;
        return minutes > 0 ? n / minutes : 0;
    }

    /** The progress line: counts, rate, backlog and ETA, latency. */
    public String line(long now, int backlog, int beingWritten) {
        double rate = moviesPerMinute(now);
        String eta = backlog == 0 ? "0 s" : rate > 0 ? duration(backlog / rate * 60) : "unknown";
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        String latency = l.length == 0 ? "" : String.format(Locale.ROOT, "; latency median %.1f s, max %.1f s",
                l[l.length / 2] / 1000.0, l[l.length - 1] / 1000.0);
        return String.format(Locale.ROOT, "Watch: %d done (%d ok, %d failed), %.2f movies/min over the last %s, backlog"
                + " %d (ETA %s), %d being written%s", ok + failed, ok, failed, rate,
                duration(Math.min(rateWindowMillis, Math.max(1, now - start)) / 1000.0), backlog, eta, beingWritten,
                latency);
    }

    /**
     * An alert line when the last {@code window} movies cross a threshold, else null: more than the fraction
     * failed, or their median total drift exceeds the factor times that of the movies before them (a session's
     * drift depends on the grid and the dose, so it is judged against itself). Said when a check newly crosses,
     * again only after it has come back under.
     */
    public String alert() {
        int w = thresholds.window();
        if (w < 1 || recent.size() < w) {
            return null;
        }
        List<Done> last = new ArrayList<>(recent).subList(recent.size() - w, recent.size());
        long nFailed = last.stream().filter(d -> !d.ok()).count();
        List<String> crossed = new ArrayList<>();
        boolean failing = thresholds.failedFraction() > 0 && nFailed > thresholds.failedFraction() * w;
        if (failing && !failingBefore) {
            crossed.add(String.format(Locale.ROOT, "%d of the last %d movies failed (threshold %.0f %%)", nFailed, w,
                    thresholds.failedFraction() * 100));
        }
        double[] lastDrift = last.stream().filter(Done::ok).mapToDouble(Done::driftTotal).filter(Double::isFinite)
                .toArray();
        // The session so far, before these movies (a rise would otherwise raise its own yardstick).
        List<Double> before = drifts.subList(0, drifts.size() - lastDrift.length);
        double session = before.size() >= w / 2
                ? RobustStats.median(before.stream().mapToDouble(Double::doubleValue).toArray()) : Double.NaN;
        double window = RobustStats.median(lastDrift);
        boolean drifting = thresholds.driftFactor() > 0 && lastDrift.length > w / 2 && session > 0
                && window > thresholds.driftFactor() * session;
        if (drifting && !driftingBefore) {
            crossed.add(String.format(Locale.ROOT, "the last %d movies drift %.1fx the earlier movies' median total"
                    + " (%.2f against %.2f; threshold %.1fx)", w, window / session, window, session,
                    thresholds.driftFactor()));
        }
        failingBefore = failing;
        driftingBefore = drifting;
        return crossed.isEmpty() ? null : "ALERT: " + String.join("; ", crossed);
    }

    /** Latencies so far (ms, movie complete to row visible), in the order the movies were done. */
    public long[] latencies() {
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    /** A time for a progress line: seconds up to 2 min, minutes up to 2 h, then hours. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
