import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.stillframe.watch.CompletenessRules;
import org.stillframe.watch.MovieArrivals;

/**
 * The cost of one poll of job --watch over a local folder of N movie files (issue 25), the ways WatchJob could list
 * it: Hadoop's globStatus on the local file system; the JDK's directory stream with every file's size and time
 * (a full look); the JDK's with size and time only for files not handed out yet (the usual poll); each followed by
 * the completeness rules. The first look hands every file out. Usage: java -cp ... bench/WatchListing.java DIR N
 * (makes N 1-byte files in DIR once).
 */
public class WatchListing {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
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
        for (String way : List.of("hadoop", "jdk-full", "jdk-new-only", "hadoop", "jdk-full", "jdk-new-only",
                "jdk-full", "jdk-new-only")) {
            long t0 = System.nanoTime();
            List<MovieArrivals.Seen> seen = new ArrayList<>();
            if (way.equals("hadoop")) {
                for (FileStatus s : fs.globStatus(new org.apache.hadoop.fs.Path(dir + "/*.tiff"))) {
                    String name = s.getPath().getName();
                    seen.add(new MovieArrivals.Seen(s.getPath().toUri().getPath(), name, name.replace(".tiff", ""),
                            s.getLen(), s.getModificationTime()));
                }
            } else {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.tiff")) {
                    for (Path f : files) {
                        String location = f.toString();
                        if (way.equals("jdk-new-only") && arrivals.handedOut(location)) {
                            continue;
                        }
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        String name = f.getFileName().toString();
                        seen.add(new MovieArrivals.Seen(location, name, name.replace(".tiff", ""), a.size(),
                                a.lastModifiedTime().toMillis()));
                    }
                }
            }
            long t1 = System.nanoTime();
            int taken = arrivals.poll(seen, System.currentTimeMillis(), x -> false).size();
            long t2 = System.nanoTime();
            System.out.printf("%-13s %6d files looked at: listing %5.0f ms, rules %4.0f ms, %d taken%n", way,
                    seen.size(), (t1 - t0) * 1e-6, (t2 - t1) * 1e-6, taken);
        }
    }
}
