package org.stillframe.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The recorded outcomes of a dataset's movies, as the workflows' finishing steps read them once every movie is
 * done. Up to {@value #ON_DRIVER} movies they are read here, on the driver, by a few threads at once (a few ms each
 * even on HDFS or S3) and kept: no Spark job, which cost about a second per run before (issue 19). Larger datasets
 * read them where they are, as a cached RDD, and the steps that need all of them on the driver collect it.
 */
final class Outcomes implements AutoCloseable {

    /** Movies up to which the outcomes are read on the driver (a few KB each; 20,000 ≈ 100–400 MB of heap). */
    static final int ON_DRIVER = 20_000;
    private static final int READERS = 8;

    private final JavaSparkContext jsc;
    private final String dir;
    private final Set<String> stems;
    private List<MovieOutcome> list;
    private JavaRDD<MovieOutcome> rdd;

    /** The outcomes of the movies {@code stems} recorded in {@code dir} (a job's {@link JobSpec#outcomesDir}). */
    Outcomes(JavaSparkContext jsc, String dir, Set<String> stems) {
        this.jsc = jsc;
        this.dir = dir;
        this.stems = Set.copyOf(stems);
    }

    /** Whether {@link #list} reads the files on the driver (else it collects {@link #rdd}). */
    boolean onDriver() {
        return stems.size() <= ON_DRIVER;
    }

    /** Every readable outcome of the dataset's movies, in stem order. */
    List<MovieOutcome> list() throws IOException {
        if (list == null) {
            List<MovieOutcome> all = new ArrayList<>(onDriver() ? readHere() : rdd().collect());
            all.sort(Comparator.comparing(MovieOutcome::stem));
            list = List.copyOf(all);
        }
        return list;
    }

    /** Those of movies that were corrected. */
    List<MovieOutcome> ok() throws IOException {
        return list().stream().filter(MovieOutcome::ok).toList();
    }

    /** The outcomes where they are, for the distributed paths (read once, cached until {@link #close}). */
    JavaRDD<MovieOutcome> rdd() {
        if (rdd == null) {
            Set<String> keep = stems;
            rdd = jsc.binaryFiles(dir)
                    .map(f -> MovieRunner.deserialize(f._2().toArray()))
                    .filter(x -> x != null && keep.contains(x.stem()))
                    .cache();
        }
        return rdd;
    }

    private List<MovieOutcome> readHere() throws IOException {
        List<String> files = new ArrayList<>();
        for (String f : JobStore.list(dir, ".outcome")) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (stems.contains(name.substring(0, name.length() - ".outcome".length()))) {
                files.add(f);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(READERS, files.size())), r -> {
            Thread t = new Thread(r, "stillframe-outcomes");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<MovieOutcome>> reads = new ArrayList<>();
            for (String f : files) {
                reads.add(pool.submit(() -> read(f)));
            }
            List<MovieOutcome> out = new ArrayList<>();
            for (Future<MovieOutcome> r : reads) {
                MovieOutcome o = r.get();
                if (o != null && stems.contains(o.stem())) {
                    out.add(o);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the outcomes", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause()
                    : new IOException(String.valueOf(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static MovieOutcome read(String file) {
        try {
            return MovieRunner.deserialize(JobStore.read(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (rdd != null) {
            rdd.unpersist();
        }
    }
}
