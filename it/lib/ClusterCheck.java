import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks a job's output after a run on the test cluster (it/cluster.sh), with Spark SQL over its movies table as a
 * user would: one row per movie, every movie ok (or the expected failures), tasks on at least MIN_HOSTS hosts,
 * never two movies computed at once on one (host, GPU) pair, one sum per movie and no temporary file anywhere
 * under the output. Prints one summary line; exits 1 naming the first broken rule.
 *
 * <p>java -cp SPARK_JARS it/lib/ClusterCheck.java OUT MOVIES MIN_HOSTS [FAILED]
 */
public final class ClusterCheck {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int movies = Integer.parseInt(args[1]);
        int minHosts = Integer.parseInt(args[2]);
        int failedExpected = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        SparkSession spark = SparkSession.builder().master("local[1]").appName("cluster-check")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            List<Row> rows = spark.read().parquet(out.resolve("tables/movies").toString())
                    .select("movie", "status", "host", "device", "compute_start_ms", "compute_end_ms", "error")
                    .collectAsList();
            check(rows.size() == movies, rows.size() + " rows in the movies table, expected " + movies);
            long distinct = rows.stream().map(r -> r.getString(0)).distinct().count();
            check(distinct == movies, distinct + " distinct movies in " + rows.size() + " rows");
            long failed = rows.stream().filter(r -> !"ok".equals(r.getString(1))).count();
            check(failed == failedExpected, failed + " movies not ok, expected " + failedExpected + ": "
                    + rows.stream().filter(r -> !"ok".equals(r.getString(1))).map(r -> r.getString(0) + " "
                    + r.getString(6)).toList());
            Map<String, List<Row>> byPair = new TreeMap<>();
            for (Row r : rows) {
                if ("ok".equals(r.getString(1))) {
                    byPair.computeIfAbsent(r.getString(2) + " " + r.getString(3), k -> new ArrayList<>()).add(r);
                }
            }
            long hosts = rows.stream().filter(r -> "ok".equals(r.getString(1))).map(r -> r.getString(2)).distinct()
                    .count();
            check(hosts >= minHosts, "movies ran on " + hosts + " host(s) " + byPair.keySet() + ", expected at least "
                    + minHosts);
            for (Map.Entry<String, List<Row>> e : byPair.entrySet()) {
                List<Row> pair = new ArrayList<>(e.getValue());
                pair.sort(Comparator.comparingLong(r -> r.getLong(4)));
                for (int i = 1; i < pair.size(); i++) {
                    Row a = pair.get(i - 1);
                    Row b = pair.get(i);
                    check(b.getLong(4) >= a.getLong(5), e.getKey() + ": " + b.getString(0) + " started at "
                            + b.getLong(4) + " before " + a.getString(0) + " ended at " + a.getLong(5));
                }
                check(e.getKey().contains(" gpu:"), e.getKey() + ": no GPU address recorded");
            }
            List<String> temporaries;
            long sums;
            try (Stream<Path> s = Files.walk(out)) {
                List<Path> all = s.filter(Files::isRegularFile).toList();
                temporaries = all.stream().map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(".") && (n.endsWith(".part") || n.endsWith(".tmp"))).toList();
                sums = all.stream().filter(p -> p.getParent().equals(out) && p.toString().endsWith(".mrc")
                        && !p.getFileName().toString().contains("_DW")).count();
            }
            check(temporaries.isEmpty(), "temporary files left: " + temporaries);
            check(sums == movies - failedExpected, sums + " sums in " + out + ", expected "
                    + (movies - failedExpected));
            System.out.println("cluster-check: OK: " + movies + " movies, " + failed + " failed, hosts " + hosts
                    + ", (host, GPU) pairs " + byPair.keySet() + ", no overlap on a pair, no temporaries");
        } finally {
            spark.stop();
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("cluster-check: FAIL: " + what);
            System.exit(1);
        }
    }
}
