package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * The job on a real HDFS (Hadoop's MiniDFSCluster: a NameNode and a DataNode in this JVM, spoken to over their RPC
 * ports): movies and the gain, dark and defect references read from {@code hdfs://}; sums, logs, outcomes and
 * Parquet tables written there. The sums equal those of the same job on the local file system (so the references
 * were read and applied), nothing temporary is left, and a second run over {@code hdfs://} finds every movie done.
 */
class HdfsJobTest {

    private static final int MOVIES = 3;

    @TempDir
    static Path dir;
    static MiniDFSCluster hdfs;
    static FileSystem fs;
    static String root;
    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
        root = hdfs.getURI().toString();
        Path local = Files.createDirectories(dir.resolve("local/movies"));
        Path sim = Files.createDirectories(dir.resolve("sim"));
        try (Workers w = new Workers(2)) {
            for (int m = 0; m < MOVIES; m++) {
                SimulationParams p = SimulationParams.defaults(384, 384, 8, 900 + m).withDose(8).withContrast(0.4);
                SimulationWriter.Files f = SimulationWriter.write(p, sim, "movie" + m, MrcMode.INT16, w);
                Files.move(f.movie(), local.resolve("movie" + m + ".mrc"));
                if (m == 0) {
                    Files.move(f.gain(), dir.resolve("local/gain.mrc"));
                }
            }
        }
        float[] dark = new float[384 * 384];
        java.util.Arrays.fill(dark, 0.25f);
        MrcWriter.writeImage(dir.resolve("local/dark.mrc"), dark, 384, 384, 1);
        Files.writeString(dir.resolve("local/defects.txt"), "100 120 3 2\n");
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(dir.resolve("local").toUri()),
                new org.apache.hadoop.fs.Path(root + "/data"));
        spark = TestSessions.kryo("local[2]");
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    private static StillframeJob.Summary run(String base, String out) throws Exception {
        StringWriter text = new StringWriter();
        List<String> flags = List.of("-Threads", "1", "-Gain", base + "/gain.mrc", "-Dark", base + "/dark.mrc",
                "-DefectFile", base + "/defects.txt");
        StillframeJob.Summary s = StillframeJob.execute(new StillframeJob.Options(base + "/movies/*.mrc", out, flags,
                Map.of(), 60, false), new PrintWriter(text, true));
        System.out.println(text);
        return s;
    }

    @Test
    void readsAndWritesHdfsAndResumesThere() throws Exception {
        String out = root + "/results";
        StillframeJob.Summary s = run(root + "/data", out);
        assertEquals(MOVIES, s.ok(), "every movie corrected from hdfs://");
        StillframeJob.Summary local = run(dir.resolve("local").toString(), dir.resolve("local-out").toString());
        assertEquals(MOVIES, local.ok());

        assertEquals(MOVIES, spark.read().parquet(out + "/tables/movies").where("status = 'ok'").count());
        assertEquals(MOVIES * 8L, spark.read().parquet(out + "/tables/frames").count());
        for (int m = 0; m < MOVIES; m++) {
            Path copy = dir.resolve("from-hdfs-movie" + m + ".mrc");
            fs.copyToLocalFile(new org.apache.hadoop.fs.Path(out + "/movie" + m + ".mrc"),
                    new org.apache.hadoop.fs.Path(copy.toUri()));
            assertEquals(0, maxDifference(copy, dir.resolve("local-out/movie" + m + ".mrc")), 1e-5,
                    "movie " + m + ": the hdfs:// run's sum against the local run's");
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/logs/movie" + m + "-Full.log")));
        }
        List<String> temporaries = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(out), true);
        while (files.hasNext()) {
            String name = files.next().getPath().getName();
            if (name.startsWith(".") && (name.endsWith(".part") || name.endsWith(".tmp"))) {
                temporaries.add(name);
            }
        }
        assertEquals(List.of(), temporaries);

        StillframeJob.Summary again = run(root + "/data", out);
        assertEquals(MOVIES, again.skipped(), "the second run finds every movie done on hdfs://");
        assertEquals(0, again.ok() + again.failed());
    }

    /** The largest difference between two images relative to the first one's largest magnitude. */
    private static double maxDifference(Path a, Path b) throws Exception {
        try (MrcReader x = MrcReader.open(a); MrcReader y = MrcReader.open(b)) {
            float[] u = new float[x.width() * x.height()];
            float[] v = new float[y.width() * y.height()];
            x.read(0, u);
            y.read(0, v);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < u.length; i++) {
                scale = Math.max(scale, Math.abs(u[i]));
                diff = Math.max(diff, Math.abs(u[i] - v[i]));
            }
            return diff / scale;
        }
    }
}
