package org.stillframe.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which of the files seen in the movie folder have become complete movies since the last look. Fed one listing per
 * poll; remembers each file's last size and time and since when they have not changed. A movie is handed out
 * once; it is handed out again only if the file changes afterwards (rewritten), so a restarted watcher that is told
 * what was handed out before ({@link #remember}) hands out nothing twice.
 */
public final class MovieArrivals {

    /** A file as one listing saw it; {@code series}: the mdoc of the tilt series it belongs to, or "". */
    public record Seen(String location, String name, String stem, long sizeBytes, long modifiedMillis,
                       String series) {

        public Seen(String location, String name, String stem, long sizeBytes, long modifiedMillis) {
            this(location, name, stem, sizeBytes, modifiedMillis, "");
        }
    }

    /**
     * A complete movie, when the watcher first saw it complete (its completion as near as polling knows), and the
     * mdoc of its tilt series ("" for a movie on its own).
     */
    public record Arrival(String location, String stem, long sizeBytes, long modifiedMillis, long completeMillis,
                          String series) {

        public Arrival(String location, String stem, long sizeBytes, long modifiedMillis, long completeMillis) {
            this(location, stem, sizeBytes, modifiedMillis, completeMillis, "");
        }
    }

    private record Watched(long size, long modified, long unchangedSince) {
    }

    private final CompletenessRules rules;
    private final Map<String, Watched> watched = new HashMap<>();
    private final Map<String, Long[]> handedOut = new HashMap<>(); // location -> {size, modified}
    private int waiting;
    private boolean first = true;
    private long lastFullLook = Long.MIN_VALUE / 2;
    static final long FULL_LOOK_MILLIS = 60_000;

    public MovieArrivals(CompletenessRules rules) {
        this.rules = rules;
    }

    /** Marks a movie as handed out before (an earlier run's arrival). */
    public void remember(Arrival a) {
        handedOut.put(a.location(), new Long[] {a.sizeBytes(), a.modifiedMillis()});
    }

    /**
     * The movies complete in this listing and not handed out before, in listing order.
     *
     * @param listing    the folder's files now
     * @param now        the time of the listing (ms)
     * @param fileExists whether a file of this name exists beside the movies (for sidecars)
     */
    public List<Arrival> poll(List<Seen> listing, long now, Predicate<String> fileExists) {
        List<Arrival> complete = new ArrayList<>();
        Set<String> present = new HashSet<>();
        int notYet = 0;
        for (Seen s : listing) {
            if (!rules.eligible(s.name())) {
                continue;
            }
            present.add(s.location());
            Long[] before = handedOut.get(s.location());
            if (before != null && before[0] == s.sizeBytes() && before[1] == s.modifiedMillis()) {
                continue;
            }
            Watched w = watched.get(s.location());
            if (w == null || w.size() != s.sizeBytes() || w.modified() != s.modifiedMillis()) {
                // A file already there at the first look has been unchanged since its last write (a backlog when
                // the watch starts or restarts: no need to wait again). A file that comes later may carry an old
                // time (cp -p, rsync -t), so its wait starts when it is first seen.
                long since = first ? Math.min(now, s.modifiedMillis()) : now;
                w = new Watched(s.sizeBytes(), s.modifiedMillis(), since);
                watched.put(s.location(), w);
            }
            String sidecar = rules.sidecarOf(s.name(), s.stem());
            boolean stable = s.sizeBytes() > 0 && now - w.unchangedSince() >= rules.stableMillis();
            if (stable && (sidecar == null || fileExists.test(sidecar))) {
                complete.add(new Arrival(s.location(), s.stem(), s.sizeBytes(), s.modifiedMillis(), now, s.series()));
                handedOut.put(s.location(), new Long[] {s.sizeBytes(), s.modifiedMillis()});
                watched.remove(s.location());
            } else {
                notYet++;
            }
        }
        watched.keySet().retainAll(present); // a file that went away (renamed, deleted) is forgotten
        waiting = notYet;
        first = false;
        return complete;
    }

    /** Whether this movie was handed out (as it is or as an earlier version of the file). */
    public boolean handedOut(String location) {
        return handedOut.containsKey(location);
    }

    /**
     * Whether the listing at {@code now} should look at the files handed out too (their size and time: a movie
     * written again is a new movie), which it does once every {@link #FULL_LOOK_MILLIS}; in between it need not
     * ask for their size and time at all, which is most of a poll's cost in a folder of 100,000 movies.
     */
    public boolean fullLook(long now) {
        if (now - lastFullLook >= FULL_LOOK_MILLIS) {
            lastFullLook = now;
            return true;
        }
        return false;
    }

    /** Files seen in the last listing that are not complete yet (being written, or waiting for a sidecar). */
    public int waiting() {
        return waiting;
    }

    /** Movies handed out so far, this run and remembered ones. */
    public int handedOut() {
        return handedOut.size();
    }
}
