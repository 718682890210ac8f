import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How to append a micro-batch's rows to a live table (issue 25): Delta Lake (io.delta:delta-spark_4.1_2.13 4.1.0,
 * a Spark append per batch, readers through the transaction log) against what the watcher does (one Parquet file
 * per batch written on the driver by parquet-hadoop, under a hidden name, then renamed, as spark.TableFile.writeFile
 * does: "driver") and a plain Spark Parquet append. A batch is one movie's 40 frame rows; N batches; then the time
 * a Spark reader takes to count the table.
 * Delta is not a dependency of stillframe: fetch it first with
 * {@code mvn dependency:get -Dartifact=io.delta:delta-spark_4.1_2.13:4.4.0}, then run with the class path of
 * bin/stillframe plus ~/.m2's io/delta jars (delta-spark, delta-storage, delta-kernel-api, delta-kernel-defaults,
 * delta-kernel-unitycatalog, all 4.4.0) and Spark's --add-opens flags:
 * {@code java -cp "$CP:$DELTA" bench/LiveTablesChoice.java /tmp/livetables 30}.
 */
public class LiveTablesChoice {

    static final StructType FRAMES = new StructType(new StructField[] {
        DataTypes.createStructField("stem", DataTypes.StringType, true),
        DataTypes.createStructField("frame", DataTypes.IntegerType, true),
        DataTypes.createStructField("shift_x_px", DataTypes.DoubleType, true),
        DataTypes.createStructField("shift_y_px", DataTypes.DoubleType, true)});

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        int n = Integer.parseInt(args[1]);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("live-tables")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
        for (String format : List.of("delta", "parquet", "driver", "delta", "parquet", "driver")) {
            String table = dir + "/" + format + "-" + System.nanoTime();
            double[] ms = new double[n];
            for (int b = 0; b < n; b++) {
                List<Row> rows = new ArrayList<>();
                for (int f = 1; f <= 40; f++) {
                    rows.add(RowFactory.create("movie_" + b, f, 0.1 * f, -0.05 * f));
                }
                long t0 = System.nanoTime();
                if (format.equals("driver")) {
                    driverFile(rows, table, String.format("part-b%08d.snappy.parquet", b));
                } else {
                    Dataset<Row> df = spark.createDataFrame(rows, FRAMES).coalesce(1);
                    df.write().format(format).mode("append").save(table);
                }
                ms[b] = (System.nanoTime() - t0) * 1e-6;
            }
            long t0 = System.nanoTime();
            long count = spark.read().format(format.equals("driver") ? "parquet" : format).load(table).count();
            double read = (System.nanoTime() - t0) * 1e-6;
            double[] sorted = ms.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("%-8s %d appends: first %.0f ms, median %.0f ms, max %.0f ms; a reader's count %d in %.0f ms%n",
                    format, n, ms[0], sorted[n / 2], sorted[n - 1], count, read);
        }
        spark.stop();
    }

    /** The watcher's way (spark.TableFile.writeFile): parquet-hadoop on the driver, a hidden name, a rename. */
    static void driverFile(List<Row> rows, String dir, String name) throws Exception {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir);
        org.apache.hadoop.fs.FileSystem fs = folder.getFileSystem(conf);
        fs.mkdirs(folder);
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(folder, "." + name + ".tmp");
        org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message spark_schema { optional binary stem (STRING); optional int32 frame;"
                + " optional double shift_x_px; optional double shift_y_px; }");
        org.apache.parquet.example.data.simple.SimpleGroupFactory groups =
                new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
        try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> w =
                     org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                             org.apache.parquet.hadoop.util.HadoopOutputFile.fromPath(temp, conf)).withConf(conf)
                             .withType(type).withCompressionCodec(
                                     org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY)
                             .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (Row r : rows) {
                w.write(groups.newGroup().append("stem", r.getString(0)).append("frame", r.getInt(1))
                        .append("shift_x_px", r.getDouble(2)).append("shift_y_px", r.getDouble(3)));
            }
        }
        fs.rename(temp, new org.apache.hadoop.fs.Path(folder, name));
    }
}
