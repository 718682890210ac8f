package org.stillframe.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.stillframe.gain.GainSums;
import org.stillframe.io.BadInputException;
import org.stillframe.pipeline.GainAccumulator;

/**
 * {@code stillframe gain --spark}: the movies are spread over the executors, each partition sums its movies with the
 * same {@link GainAccumulator} the local command uses, and the partial sums are added up the tree to the driver.
 * What travels is one set of sums (three doubles a pixel) per partition, never a frame.
 */
public final class GainJob {

    private GainJob() {
    }

    /** A partition's sums (null when it had no movie), or the first bad movie and what is wrong with it. */
    record Partial(GainSums sums, String badFile, String error) implements Serializable {

        Partial merge(Partial other) {
            if (error != null) {
                return this;
            }
            if (other.error != null || sums == null) {
                return other;
            }
            if (other.sums != null && (other.sums.width() != sums.width() || other.sums.height() != sums.height())) {
                return new Partial(null, "the movies", "are of different sizes (" + sums.width() + "x" + sums.height()
                        + " and " + other.sums.width() + "x" + other.sums.height() + "): a gain needs one camera");
            }
            if (other.sums != null) {
                sums.merge(other.sums);
            }
            return this;
        }
    }

    /**
     * Sums the movies on the session running in this JVM, else on a new one with {@code master} (null: spark-submit's
     * or local[*]), which is stopped again at the end.
     *
     * @throws BadInputException naming the first movie that could not be used
     */
    public static GainSums sum(List<String> movies, int maxFrames, String master) throws BadInputException {
        boolean sessionBefore = SparkSession.getDefaultSession().isDefined();
        SparkConf conf = new SparkConf(true);
        if (master != null) {
            conf.set("spark.master", master);
        }
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", "stillframe gain");
        conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.set("spark.kryo.registrator", KryoRegistration.class.getName());
        SparkSession spark = StillframeJob.existingOr(conf);
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int slices = Math.max(1, Math.min(movies.size(), sc.defaultParallelism()));
            Partial total = sc.parallelize(new ArrayList<>(movies), slices)
                    .mapPartitions((Iterator<String> it) -> List.of(sumPartition(it, maxFrames)).iterator())
                    .treeReduce(Partial::merge);
            if (total.error() != null) {
                throw new BadInputException(total.badFile(), total.error());
            }
            return total.sums();
        } finally {
            if (!sessionBefore) {
                spark.stop();
            }
        }
    }

    private static Partial sumPartition(Iterator<String> movies, int maxFrames) throws java.io.IOException {
        GainAccumulator acc = new GainAccumulator(maxFrames);
        while (movies.hasNext()) {
            String movie = movies.next();
            try {
                acc.add(movie);
            } catch (BadInputException e) {
                String prefix = e.file() + ": ";
                String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                        : e.getMessage();
                return new Partial(null, e.file(), problem);
            }
        }
        return new Partial(acc.sums(), null, null);
    }
}
