package org.stillframe.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stillframe.watch.MovieArrivals.Arrival;
import org.stillframe.watch.MovieArrivals.Seen;

class MovieArrivalsTest {

    static final CompletenessRules RULES = new CompletenessRules(5000, List.of(".*", "*.tmp", "*.part", "*~"), "");

    static Seen file(String name, long size, long modified) {
        return new Seen("/data/" + name, name, name.replaceAll("\\.(mrc|tiff?|eer)$", ""), size, modified);
    }

    static List<String> stems(List<Arrival> a) {
        return a.stream().map(Arrival::stem).toList();
    }

    @Test
    void aGrowingFileIsTakenOnlyOnceItHasStoppedChangingForTheStableTime() {
        MovieArrivals a = new MovieArrivals(RULES);
        assertEquals(List.of(), a.poll(List.of(file("m1.tiff", 100, 1)), 0, f -> false));
        assertEquals(1, a.waiting());
        assertEquals(List.of(), a.poll(List.of(file("m1.tiff", 200, 2)), 3000, f -> false), "still growing");
        assertEquals(List.of(), a.poll(List.of(file("m1.tiff", 200, 2)), 7999, f -> false), "4.999 s unchanged");
        List<Arrival> done = a.poll(List.of(file("m1.tiff", 200, 2)), 8000, f -> false);
        assertEquals(List.of("m1"), stems(done));
        assertEquals(200, done.get(0).sizeBytes());
        assertEquals(8000, done.get(0).completeMillis());
        assertEquals(0, a.waiting());
        assertEquals(List.of(), a.poll(List.of(file("m1.tiff", 200, 2)), 20000, f -> false), "handed out once");
    }

    @Test
    void aBacklogAtTheFirstLookIsTakenAtOnceButALaterFileWithAnOldTimeWaits() {
        MovieArrivals a = new MovieArrivals(RULES);
        List<Seen> first = List.of(file("old.tiff", 100, 1000), file("fresh.tiff", 100, 98000));
        assertEquals(List.of("old"), stems(a.poll(first, 100000, f -> false)), "last written 99 s ago");
        assertEquals(1, a.waiting(), "written 2 s ago: waits");
        // copied in later with its time kept (cp -p, rsync -t): the time says nothing about the copy
        List<Seen> later = List.of(file("fresh.tiff", 100, 98000), file("copied.tiff", 100, 1000));
        assertEquals(List.of("fresh"), stems(a.poll(later, 103000, f -> false)));
        assertEquals(List.of(), a.poll(later, 107999, f -> false));
        assertEquals(List.of("copied"), stems(a.poll(later, 108000, f -> false)));
    }

    @Test
    void anEmptyFileIsNeverComplete() {
        MovieArrivals a = new MovieArrivals(RULES);
        a.poll(List.of(file("m1.tiff", 0, 1)), 0, f -> false);
        assertEquals(List.of(), a.poll(List.of(file("m1.tiff", 0, 1)), 60000, f -> false));
    }

    @Test
    void temporaryNamesAreIgnoredAndTheRenamedFileIsTaken() {
        MovieArrivals a = new MovieArrivals(RULES);
        for (String temp : List.of("m2.tiff.part", "m2.tiff.tmp", ".m2.tiff", "m2.tiff~")) {
            a.poll(List.of(file(temp, 100, 1)), 0, f -> false);
            assertEquals(List.of(), a.poll(List.of(file(temp, 100, 1)), 60000, f -> false), temp);
            assertEquals(0, a.waiting(), temp + " is not a movie being written");
        }
        a.poll(List.of(file("m2.tiff", 100, 1)), 60000, f -> false);
        assertEquals(List.of("m2"), stems(a.poll(List.of(file("m2.tiff", 100, 1)), 65000, f -> false)));
    }

    @Test
    void aMovieWaitsForItsSidecarHoweverLateItComes() {
        MovieArrivals a = new MovieArrivals(new CompletenessRules(5000, List.of(), "{name}.mdoc"));
        Set<String> present = new HashSet<>();
        a.poll(List.of(file("m3.tif", 100, 1)), 0, present::contains);
        assertEquals(List.of(), a.poll(List.of(file("m3.tif", 100, 1)), 600000, present::contains));
        assertEquals(1, a.waiting());
        present.add("m3.tif.mdoc");
        assertEquals(List.of("m3"), stems(a.poll(List.of(file("m3.tif", 100, 1)), 600001, present::contains)));
        assertEquals("m3.xml", new CompletenessRules(0, List.of(), "{stem}.xml").sidecarOf("m3.tif", "m3"));
    }

    @Test
    void aRestartedWatcherHandsOutNothingTwiceButARewrittenFileAgain() {
        MovieArrivals a = new MovieArrivals(RULES);
        a.remember(new Arrival("/data/m4.tiff", "m4", 100, 1, 5));
        a.poll(List.of(file("m4.tiff", 100, 1), file("m5.tiff", 100, 1)), 0, f -> false);
        assertEquals(List.of("m5"), stems(a.poll(List.of(file("m4.tiff", 100, 1), file("m5.tiff", 100, 1)), 5000,
                f -> false)));
        a.poll(List.of(file("m4.tiff", 300, 9)), 6000, f -> false);
        assertEquals(List.of("m4"), stems(a.poll(List.of(file("m4.tiff", 300, 9)), 11000, f -> false)),
                "a movie written again is a new movie");
        assertEquals(2, a.handedOut());
    }

    @Test
    void aFullLookAtMostOnceAMinuteAndHandedOutMoviesKnownByName() {
        MovieArrivals a = new MovieArrivals(RULES);
        assertTrue(a.fullLook(0), "the first poll looks at everything");
        assertFalse(a.fullLook(59_999));
        assertTrue(a.fullLook(60_000));
        assertFalse(a.handedOut("/data/m6.tiff"));
        a.poll(List.of(file("m6.tiff", 100, 1)), 100_000, f -> false);
        assertTrue(a.handedOut("/data/m6.tiff"), "a backlog at the first look is handed out at once");
        assertEquals(List.of(), a.poll(List.of(), 110_000, f -> false), "left out of a listing: not a new movie");
        assertEquals(List.of(), a.poll(List.of(file("m6.tiff", 100, 1)), 120_000, f -> false));
    }

    @Test
    void rulesDescribeThemselvesAndRejectANegativeTime() {
        assertTrue(RULES.describe().contains("unchanged for 5.0 s"), RULES.describe());
        assertFalse(RULES.eligible("x.part"));
        assertTrue(RULES.eligible("x.tiff"));
        assertThrows(IllegalArgumentException.class, () -> new CompletenessRules(-1, List.of(), ""));
    }
}
