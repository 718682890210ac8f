package org.stillframe.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.stillframe.watch.MovieArrivals.Arrival;

/**
 * The watcher's record of complete movies, one small text file per poll that found any, under
 * {@code OUT/_stillframe/watch/arrivals/} (a line per movie: location, stem, size, modification time, when it was
 * seen complete and, for a tilt, its series' mdoc; tab-separated). It is the streaming query's source: Spark's file source reads each file once,
 * in a micro-batch its checkpoint remembers, and moves it to {@link #archive} once that batch is committed. Files
 * appear whole (hidden name, then renamed), and a restarted watcher reads them all back to know what it handed out
 * before.
 */
final class ArrivalLog {

    private final String output;
    private final String dir;
    private long sequence;

    ArrivalLog(String output) throws IOException {
        this.output = output;
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

    /**
     * Where the streaming query moves the files of committed micro-batches (Spark's {@code cleanSource = archive}),
     * so that the folder it lists at every trigger stays small however long the session: files keep their full
     * path below it.
     */
    static String archive(String output) {
        return JobStore.child(JobStore.child(JobStore.child(output, "_stillframe"), "watch"), "archive");
    }

    /** Every arrival recorded so far (in the log and in its archive), in time order. */
    List<Arrival> readAll() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String d : List.of(dir, archive(output))) {
            Path p = new Path(d);
            FileSystem fs = p.getFileSystem(new Configuration());
            if (!fs.exists(p)) {
                continue;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
            while (it.hasNext()) {
                Path f = it.next().getPath();
                if (f.getName().startsWith("arrivals-") && f.getName().endsWith(".tsv")) {
                    files.add(f);
                }
            }
        }
        files.sort(Comparator.comparing(Path::getName)); // arrivals-<time>-<sequence>.tsv
        List<Arrival> out = new ArrayList<>();
        for (Path f : files) {
            for (String line : new String(JobStore.read(f.toString()), StandardCharsets.UTF_8).split("\n")) {
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
