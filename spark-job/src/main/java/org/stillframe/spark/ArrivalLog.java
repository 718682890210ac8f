package org.stillframe.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stillframe.watch.MovieArrivals.Arrival;

/**
 * The watcher's record of complete movies, one small text file per poll that found any, under
 * {@code OUT/_stillframe/watch/arrivals/} (a line per movie: location, stem, size, modification time, when it was
 * seen complete and, for a tilt, its series' mdoc; tab-separated). It is the streaming query's source: Spark's file source reads each file once,
 * in a micro-batch its checkpoint remembers. Files appear whole (hidden name, then renamed), and a restarted
 * watcher reads them all back to know what it handed out before.
 */
final class ArrivalLog {

    private final String dir;
    private long sequence;

    ArrivalLog(String output) throws IOException {
        this.dir = dir(output);
        JobStore.mkdirs(dir);
    }

    static String dir(String output) {
        return JobStore.child(JobStore.child(JobStore.child(output, "_stillframe"), "watch"), "arrivals");
    }

    String dir() {
        return dir;
    }

    /** Appends these arrivals as one new file. */
    void write(List<Arrival> arrivals, long now) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Arrival a : arrivals) {
            sb.append(line(a)).append('\n');
        }
        String name = String.format(Locale.ROOT, "arrivals-%013d-%06d.tsv", now, sequence++);
        JobStore.write(JobStore.child(dir, name), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Every arrival recorded so far, in file order. */
    List<Arrival> readAll() throws IOException {
        List<Arrival> out = new ArrayList<>();
        for (String f : JobStore.list(dir, ".tsv")) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (name.startsWith(".")) {
                continue;
            }
            for (String line : new String(JobStore.read(f), StandardCharsets.UTF_8).split("\n")) {
                Arrival a = parse(line);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    static String line(Arrival a) {
        return a.location() + "\t" + a.stem() + "\t" + a.sizeBytes() + "\t" + a.modifiedMillis() + "\t"
                + a.completeMillis() + (a.series().isEmpty() ? "" : "\t" + a.series());
    }

    /** A line back as an arrival; null for an empty or malformed line. */
    static Arrival parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 5 && f.length != 6) {
            return null;
        }
        try {
            return new Arrival(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    f.length == 6 ? f[5] : "");
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
