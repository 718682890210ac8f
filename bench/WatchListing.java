import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.stillframe.watch.CompletenessRules;
import org.stillframe.watch.MovieArrivals;

/**
 * One poll of job --watch over a folder of N movie files (issue 25): the folder's listing as the watcher does it
 * (Hadoop's globStatus on the local file system) and the completeness rules over it, after a first look that took
 * them all. Usage: java -cp ... bench/WatchListing.java DIR N (makes N empty-named 1-byte files in DIR once).
 */
public class WatchListing {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(String.format("FoilHole_%07d_fractions.tiff", i));
            if (!Files.exists(f)) {
                Files.write(f, new byte[] {1});
            }
        }
        MovieArrivals arrivals = new MovieArrivals(new CompletenessRules(5000, List.of(".*", "*.tmp", "*.part", "*~"),
                ""));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path pattern = new org.apache.hadoop.fs.Path(dir.toAbsolutePath() + "/*.tiff");
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            FileStatus[] found = fs.globStatus(pattern);
            long t1 = System.nanoTime();
            List<MovieArrivals.Seen> seen = new ArrayList<>();
            for (FileStatus s : found) {
                String name = s.getPath().getName();
                seen.add(new MovieArrivals.Seen(s.getPath().toUri().getPath(), name, name.replace(".tiff", ""),
                        s.getLen(), s.getModificationTime()));
            }
            int taken = arrivals.poll(seen, System.currentTimeMillis(), x -> false).size();
            long t2 = System.nanoTime();
            System.out.printf("poll %d: %d files, listing %.0f ms, rules %.0f ms, %d taken%n", round, found.length,
                    (t1 - t0) * 1e-6, (t2 - t1) * 1e-6, taken);
        }
    }
}
