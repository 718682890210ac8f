package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.stillframe.io.BadInputException;
import org.stillframe.watch.MovieArrivals.Arrival;
import org.stillframe.watch.MovieArrivals.Seen;

/**
 * Tilt series on the fly ({@code job --watch --tilt-series}): the mdocs in the watched folder, read again whenever
 * one changes (SerialEM adds a section as each tilt is taken). Each tilt whose movie is there is offered to the
 * completeness rules like any movie, with its series' pre-exposure and dose. A series is stacked (as the batch job
 * stacks it, its rows added to the tilts table as one file) once its mdoc has not changed for
 * {@code series-stable-seconds} and every tilt it lists has been corrected; should the mdoc grow afterwards (a
 * long pause mid-series), the series is stacked again with the new tilts. A marker per stacked series
 * ({@code OUT/_stillframe/watch/series/NAME.stacked}: the mdoc's size and time) carries this across restarts.
 */
final class LiveTiltSeries {

    /** An mdoc as last read: its size and time, since when unchanged, and its series (null: never readable). */
    private record Known(String location, long size, long modified, long unchangedSince,
                         TiltSeriesJob.Series series) {
    }

    private final Map<String, Known> mdocs = new ConcurrentHashMap<>();
    /** Series stacked so far: name to the "size time" of the mdoc they were stacked from. */
    private final Map<String, String> stackedAs = new ConcurrentHashMap<>();
    private final double dosePerTilt;
    private final long stableMillis;
    private final String markers;

    LiveTiltSeries(String output, double dosePerTilt, long seriesStableMillis) throws IOException {
        this.dosePerTilt = dosePerTilt;
        this.stableMillis = seriesStableMillis;
        this.markers = JobStore.child(JobStore.child(JobStore.child(output, "_stillframe"), "watch"), "series");
        JobStore.mkdirs(markers);
        for (String f : JobStore.list(markers, ".stacked")) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            stackedAs.put(name.substring(0, name.length() - ".stacked".length()),
                    new String(JobStore.read(f), StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * The tilts' movies as the listing sees them now (only those there and not {@code skip}ped), after reading again
     * the mdocs that changed. An mdoc caught half-written is read again at the next look.
     */
    List<Seen> list(FileSystem fs, Path pattern, boolean plainLocal, long now,
                    Predicate<String> skip) throws IOException {
        List<Seen> seen = new ArrayList<>();
        for (FileStatus m : DatasetListing.globOrFolder(fs, pattern,
                n -> n.toLowerCase(Locale.ROOT).endsWith(".mdoc"))) {
            String location = m.getPath().toString();
            Known k = mdocs.get(location);
            if (k == null || k.size() != m.getLen() || k.modified() != m.getModificationTime()) {
                TiltSeriesJob.Series s = k == null ? null : k.series();
                try {
                    s = TiltSeriesJob.series(fs, m, dosePerTilt, plainLocal);
                } catch (BadInputException e) {
                    // half-written: keep the last good reading until the next look
                }
                k = new Known(location, m.getLen(), m.getModificationTime(), now, s);
                mdocs.put(location, k);
            }
            if (k.series() == null || stacked(k)) {
                continue;
            }
            for (MovieEntry tilt : k.series().movies()) {
                if (skip.test(tilt.location())) {
                    continue;
                }
                Path movie = new Path(tilt.location());
                FileSystem owner = movie.getFileSystem(fs.getConf());
                if (owner.exists(movie)) {
                    FileStatus st = owner.getFileStatus(movie);
                    seen.add(new Seen(tilt.location(), movie.getName(), tilt.stem(), st.getLen(),
                            st.getModificationTime(), location));
                }
            }
        }
        return seen;
    }

    /** The movie entry of a tilt that arrived: its series' pre-exposure and dose with it. */
    MovieEntry entry(Arrival a) throws IOException {
        Known k = mdocs.get(a.series());
        if (k == null || k.series() == null) { // a batch of an earlier run, before this run's first look
            Path p = new Path(a.series());
            FileSystem fs = p.getFileSystem(new org.apache.hadoop.conf.Configuration());
            FileStatus st = fs.getFileStatus(p);
            k = new Known(a.series(), st.getLen(), st.getModificationTime(), System.currentTimeMillis(),
                    TiltSeriesJob.series(fs, st, dosePerTilt, new Path(a.location()).toUri().getScheme() == null));
            mdocs.putIfAbsent(a.series(), k);
        }
        for (MovieEntry tilt : k.series().movies()) {
            if (tilt.stem().equals(a.stem())) {
                return new MovieEntry(a.location(), a.stem(), a.sizeBytes(), a.modifiedMillis(), 1, tilt.perMovie());
            }
        }
        throw new BadInputException(a.series(), "no longer lists the tilt " + a.location());
    }

    /** Series to stack now: mdoc unchanged for the stable time, every tilt done, not stacked as it is. */
    List<TiltSeriesJob.Series> ready(Set<String> done, long now) {
        List<TiltSeriesJob.Series> out = new ArrayList<>();
        for (Known k : mdocs.values()) {
            if (k.series() != null && now - k.unchangedSince() >= stableMillis && !stacked(k)
                    && k.series().movies().stream().allMatch(m -> done.contains(m.stem()))) {
                out.add(k.series());
            }
        }
        return out;
    }

    /** Series seen and not stacked as they are (at the end of the watch: stacked with what is there). */
    List<TiltSeriesJob.Series> unstacked() {
        List<TiltSeriesJob.Series> out = new ArrayList<>();
        for (Known k : mdocs.values()) {
            if (k.series() != null && !stacked(k)) {
                out.add(k.series());
            }
        }
        return out;
    }

    /**
     * Stacks a series from its tilts' recorded outcomes and adds its rows to the tilts table. A series that cannot
     * be stacked is said in one line and not tried again until its mdoc changes (or the next run).
     */
    void stack(TiltSeriesJob.Series s, JobSpec spec, boolean doseWeighted, double voltage, PrintWriter log) {
        Known k = mdocs.values().stream().filter(x -> x.series() == s).findFirst().orElse(null);
        try {
            stackNow(s, k, spec, doseWeighted, voltage, log);
        } catch (IOException | RuntimeException e) {
            log.println("Tilt series " + s.name() + ": not stacked: " + e.getMessage());
            if (k != null) {
                stackedAs.put(s.name(), k.size() + " " + k.modified());
            }
        }
    }

    private void stackNow(TiltSeriesJob.Series s, Known k, JobSpec spec, boolean doseWeighted, double voltage,
                          PrintWriter log) throws IOException {
        java.nio.file.Path out = TiltSeriesJob.localOutput(spec.output()); // before any work: a clear error
        Map<String, MovieOutcome> byStem = new HashMap<>();
        for (MovieEntry m : s.movies()) {
            MovieOutcome o = Resume.read(spec, m.stem());
            if (o != null) {
                byStem.put(o.stem(), o);
            }
        }
        List<Row> rows = TiltSeriesJob.assembleOne(s, byStem, out, doseWeighted, voltage, log);
        TableFile.writeFile(rows, TiltSeriesJob.TILTS, JobStore.child(spec.tablesDir(), "tilts"),
                "part-s-" + s.name() + ".snappy.parquet");
        if (k != null) {
            String as = k.size() + " " + k.modified();
            JobStore.write(marker(s.name()), as.getBytes(StandardCharsets.UTF_8));
            stackedAs.put(s.name(), as);
        }
    }

    /** Whether the series was stacked from this very mdoc (same size and time). */
    private boolean stacked(Known k) {
        return (k.size() + " " + k.modified()).equals(stackedAs.get(k.series().name()));
    }

    private String marker(String series) {
        return JobStore.child(markers, series + ".stacked");
    }
}
