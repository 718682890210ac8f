package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Movies grouped by bytes, not count: one K3-sized movie weighs as much as many small ones. */
class SizePartitionsTest {

    @Test
    void groupsBalanceBytesLargestFirst() {
        List<MovieEntry> movies = new ArrayList<>();
        movies.add(new MovieEntry("big", "big", 8_000, 0));
        for (int i = 0; i < 8; i++) {
            movies.add(new MovieEntry("s" + i, "s" + i, 1_000, 0));
        }
        List<MovieEntry[]> plan = SizePartitions.plan(movies, 2);
        assertEquals(2, plan.size());
        assertEquals(List.of("big"), Arrays.stream(plan.get(0)).map(MovieEntry::stem).toList());
        assertEquals(8, plan.get(1).length);
    }

    @Test
    void oneMovieEachUpToTheSlotsThenTwoGroupsPerSlotOfAtMost64() {
        assertEquals(3, SizePartitions.count(3, 4));
        assertEquals(8, SizePartitions.count(32, 4));
        assertEquals(157, SizePartitions.count(10_000, 8));
    }
}
