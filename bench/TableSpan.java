import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The sustained rate of a run from its movies table (bench/watch.sh): movies over the span from the first movie's
 * read start to the last one's write end. Usage: java -cp ... bench/TableSpan.java OUT.
 */
public class TableSpan {

    public static void main(String[] args) throws Exception {
        Path table = new Path(args[0] + "/tables/movies");
        Configuration conf = new Configuration();
        FileSystem fs = table.getFileSystem(conf);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int n = 0;
        List<Double> walls = new ArrayList<>();
        for (FileStatus f : fs.listStatus(table)) {
            if (!f.getPath().getName().endsWith(".parquet")) {
                continue;
            }
            try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f.getPath()).withConf(conf)
                    .build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    first = Math.min(first, g.getLong("started_ms", 0));
                    last = Math.max(last, g.getLong("finished_ms", 0));
                    walls.add(g.getDouble("wall_s", 0));
                    n++;
                }
            }
        }
        double span = (last - first) / 1000.0;
        System.out.printf("%d movies, span %.1f s, %.2f movies/min, mean per-movie wall %.2f s%n", n, span,
                n * 60 / span, walls.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }
}
