package org.stillframe.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionMonitorTest {

    static List<SessionMonitor.Done> movies(int from, int n, boolean ok, double drift, long at) {
        List<SessionMonitor.Done> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(new SessionMonitor.Done("m" + (from + i), ok, ok ? drift : Double.NaN, at - 3000, at));
        }
        return d;
    }

    @Test
    void rateBacklogEtaAndLatency() {
        SessionMonitor m = new SessionMonitor(10, new SessionMonitor.Thresholds(20, 0.2, 2), 0);
        m.done(movies(0, 30, true, 10, 60_000)); // 30 movies in the first minute
        assertEquals(30, m.moviesPerMinute(60_000), 1e-9);
        String line = m.line(60_000, 15, 2);
        assertTrue(line.contains("30 done (30 ok, 0 failed)") && line.contains("30.00 movies/min")
                && line.contains("backlog 15 (ETA 30 s)") && line.contains("2 being written")
                && line.contains("latency median 3.0 s"), line);
        assertEquals(3.0, m.moviesPerMinute(600_000), 1e-9, "30 movies over the last 10 minutes");
    }

    @Test
    void alertsWhenTheLastMoviesFailOrDriftAndOnlyOncePerCrossing() {
        SessionMonitor m = new SessionMonitor(10, new SessionMonitor.Thresholds(20, 0.2, 2), 0);
        m.done(movies(0, 40, true, 10, 1000));
        assertNull(m.alert());
        m.done(movies(40, 4, false, 0, 2000)); // 4 of the last 20 failed: at the threshold, not over
        assertNull(m.alert());
        m.done(movies(44, 1, false, 0, 3000));
        String a = m.alert();
        assertTrue(a != null && a.startsWith("ALERT: 5 of the last 20 movies failed"), a);
        m.done(movies(45, 1, false, 0, 4000));
        assertNull(m.alert(), "said once while it stays over");
        m.done(movies(46, 40, true, 50, 5000)); // drift 5x the earlier movies'
        String d = m.alert();
        assertTrue(d != null && d.contains("drift"), d);
    }

    @Test
    void zeroTurnsAChecksOff() {
        SessionMonitor m = new SessionMonitor(10, new SessionMonitor.Thresholds(20, 0, 0), 0);
        m.done(movies(0, 20, false, 0, 1000));
        assertNull(m.alert());
    }
}
