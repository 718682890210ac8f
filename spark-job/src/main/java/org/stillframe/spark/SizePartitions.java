package org.stillframe.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The movies spread over the job's partitions by size, not count. Greedy, largest movie first, each to the partition
 * with the fewest bytes so far (LPT: within 4/3 of the best spread for equal slots), partitions then ordered by
 * their bytes, largest first (Spark launches them in that order), and each partition's movies largest first.
 *
 * <p>How many partitions: a task reads ahead within its partition only, so each partition's first movie is read
 * without overlap, which favours few partitions; a slow executor or a lost task holds the end of the run back by up
 * to one partition, which favours many. With no more movies than task slots, one movie each (every slot busy). Else
 * two partitions per slot (the faster slots take the spare ones at the end) and at most {@value #MAX_MOVIES} movies
 * per partition (bounds what a lost task redoes and how uneven slot speeds can leave the end).
 */
final class SizePartitions {

    static final int MAX_MOVIES = 64;
    static final int PER_SLOT = 2;

    private SizePartitions() {
    }

    static int count(int movies, int slots) {
        int s = Math.max(1, slots);
        if (movies <= s) {
            return Math.max(1, movies);
        }
        long p = Math.max((long) s * PER_SLOT, (movies + MAX_MOVIES - 1) / MAX_MOVIES);
        return (int) Math.min(movies, p);
    }

    /** {@code movies} in {@code partitions} groups balanced by bytes, largest group first, largest movie first. */
    static List<MovieEntry[]> plan(List<MovieEntry> movies, int partitions) {
        List<MovieEntry> bySize = new ArrayList<>(movies);
        bySize.sort(Comparator.comparingLong(MovieEntry::sizeBytes).reversed().thenComparing(MovieEntry::stem));
        int p = Math.max(1, Math.min(partitions, bySize.size()));
        List<List<MovieEntry>> groups = new ArrayList<>();
        long[] bytes = new long[p];
        PriorityQueue<Integer> lightest = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(g -> bytes[g]).thenComparingInt(g -> groups.get(g).size())
                        .thenComparingInt(g -> g));
        for (int g = 0; g < p; g++) {
            groups.add(new ArrayList<>());
            lightest.add(g);
        }
        for (MovieEntry m : bySize) {
            int g = lightest.poll();
            groups.get(g).add(m);
            bytes[g] += m.sizeBytes();
            lightest.add(g);
        }
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < p; g++) {
            order.add(g);
        }
        order.sort(Comparator.<Integer>comparingLong(g -> bytes[g]).reversed().thenComparingInt(g -> g));
        List<MovieEntry[]> plan = new ArrayList<>();
        for (int g : order) {
            if (!groups.get(g).isEmpty()) {
                plan.add(groups.get(g).toArray(MovieEntry[]::new));
            }
        }
        return plan;
    }
}
