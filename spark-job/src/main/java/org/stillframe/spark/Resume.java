package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resuming a job: a movie is corrected again only when no earlier outcome of it still holds (same options, same
 * file, its sum still there). Outcomes are recorded per movie as soon as it is done, so an interrupted run loses
 * only the movies in flight.
 */
final class Resume {

    private Resume() {
    }

    /**
     * The movies to correct: those without an earlier outcome that still holds. Temporary files an interrupted run
     * left behind are removed first.
     */
    static List<MovieEntry> notDoneYet(List<MovieEntry> movies, JobSpec spec, PrintWriter out)
            throws IOException {
        JobStore.mkdirs(spec.outcomesDir());
        int stale = removeTemporaries(spec);
        if (stale > 0) {
            out.printf(Locale.ROOT, "Removed %d unfinished temporary files of an interrupted run%n", stale);
        }
        Map<String, MovieOutcome> recorded = recordedOutcomes(spec);
        List<MovieEntry> todo = new ArrayList<>();
        for (MovieEntry m : movies) {
            if (!stillValid(recorded.get(m.stem()), m, spec)) {
                todo.add(m);
            }
        }
        return todo;
    }

    /**
     * Deletes the hidden temporaries in the job's output folders; returns how many. At the start of a run they are
     * an interrupted run's; at its end, those of task attempts killed while writing (a lost executor or host)
     * whose movies were corrected again by another attempt. Only one job may write to an output folder at a time.
     */
    static int removeTemporaries(JobSpec spec) throws IOException {
        int removed = 0;
        for (String dir : List.of(spec.output(), JobStore.child(spec.output(), "logs"), spec.outcomesDir())) {
            removed += JobStore.removeStaleTemporaries(dir);
        }
        return removed;
    }

    /** Earlier outcomes by stem (unreadable ones are ignored: those movies are simply done again). */
    static Map<String, MovieOutcome> recordedOutcomes(JobSpec spec) throws IOException {
        Map<String, MovieOutcome> out = new HashMap<>();
        for (String f : JobStore.list(spec.outcomesDir(), ".outcome")) {
            MovieOutcome o = MovieRunner.deserialize(JobStore.read(f));
            if (o != null) {
                out.put(o.stem(), o);
            }
        }
        return out;
    }

    /**
     * The outcome recorded for {@code m} that still holds, else null: a retried task (its executor lost midway
     * through its partition) skips the movies its first attempt finished.
     */
    static MovieOutcome recorded(MovieEntry m, JobSpec spec) {
        try {
            MovieOutcome o = read(spec, m.stem());
            return o != null && stillValid(o, m, spec) ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The outcome recorded for the movie {@code stem}, whatever it says; null when none or unreadable. */
    static MovieOutcome read(JobSpec spec, String stem) throws IOException {
        String f = JobStore.child(spec.outcomesDir(), stem + ".outcome");
        return JobStore.exists(f) ? MovieRunner.deserialize(JobStore.read(f)) : null;
    }

    /** An earlier outcome holds when options and file are unchanged and, for an ok movie, its sum still exists. */
    private static boolean stillValid(MovieOutcome r, MovieEntry m, JobSpec spec) throws IOException {
        if (r == null || !r.optionsHash().equals(spec.optionsHash()) || r.sizeBytes() != m.sizeBytes()
                || r.modifiedMillis() != m.modifiedMillis() || !r.movie().equals(m.location())) {
            return false;
        }
        return !r.ok() || r.outputs().isEmpty() || JobStore.exists(r.outputs().get(0));
    }
}
