package org.stillframe.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A small table written on the driver as one Parquet file (and read back there for QC), laid out as Spark writes a table ({@code
 * dir/part-00000-<uuid>-c000.snappy.parquet} and {@code dir/_SUCCESS}; the Parquet types Spark writes, and its
 * schema in the footer), without a Spark job: on a 4-movie run the four tables by {@code DataFrame.write} took
 * ~3.5 s, nearly all of it the first Spark SQL write of the JVM. Columns: strings, ints, longs, doubles, booleans
 * and arrays of strings, all nullable, which is what the job's tables hold.
 */
final class TableFile {

    /** The footer key under which Spark keeps a table's schema (it then reads exactly that schema back). */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private TableFile() {
    }

    /** Replaces {@code dir} with one file holding {@code rows} (in the given order) and a {@code _SUCCESS} mark. */
    static void write(List<Row> rows, StructType schema, String dir) throws IOException {
        Configuration conf = new Configuration();
        Path folder = new Path(dir);
        FileSystem fs = folder.getFileSystem(conf);
        if (fs.exists(folder)) {
            fs.delete(folder, true);
        }
        fs.mkdirs(folder);
        writeFile(rows, schema, dir, "part-00000-" + UUID.randomUUID() + "-c000.snappy.parquet");
        fs.create(new Path(folder, "_SUCCESS"), true).close();
    }

    /**
     * Adds (or replaces) one file {@code name} holding {@code rows} in the table folder {@code dir}, beside its other
     * files: written under a hidden name and renamed, so a reader listing the folder sees it whole or not at all.
     */
    static void writeFile(List<Row> rows, StructType schema, String dir, String name) throws IOException {
        Configuration conf = new Configuration();
        Path folder = new Path(dir);
        FileSystem fs = folder.getFileSystem(conf);
        fs.mkdirs(folder);
        Path temp = new Path(folder, "." + name + "." + UUID.randomUUID() + ".tmp"); // hidden until renamed
        MessageType type = parquetType(schema);
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(temp, conf))
                .withConf(conf).withType(type).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withExtraMetaData(Map.of(SPARK_SCHEMA_KEY, schema.json())).build()) {
            for (Row r : rows) {
                writer.write(group(groups.newGroup(), r, schema));
            }
        }
        Path target = new Path(folder, name);
        if (fs.exists(target)) {
            fs.delete(target, false); // a micro-batch run again after a restart: the same rows again
        }
        if (!fs.rename(temp, target)) {
            throw new IOException("cannot rename " + temp + " to " + name);
        }
    }

    /**
     * The rows of a table folder (every Parquet file in it, as Spark or {@link #write} wrote them; in file order)
     * as maps from column to value, only {@code columns}, nulls left out.
     */
    static List<Map<String, Object>> read(String dir, List<String> columns) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        forEach(dir, columns, rows::add);
        return rows;
    }

    /** {@link #read}, a row at a time: a large table (the patches of thousands of movies) is never held whole. */
    static void forEach(String dir, List<String> columns, java.util.function.Consumer<Map<String, Object>> row)
            throws IOException {
        Configuration conf = new Configuration();
        Path folder = new Path(dir);
        FileSystem fs = folder.getFileSystem(conf);
        List<Path> files = new ArrayList<>();
        for (FileStatus st : fs.listStatus(folder)) {
            String name = st.getPath().getName();
            if (st.isFile() && !name.startsWith("_") && !name.startsWith(".") && name.endsWith(".parquet")) {
                files.add(st.getPath());
            }
        }
        files.sort(null);
        for (Path f : files) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f).withConf(conf)
                    .build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    row.accept(values(g, columns));
                }
            }
        }
    }

    private static Map<String, Object> values(Group g, List<String> columns) {
        Map<String, Object> row = new HashMap<>();
        GroupType type = g.getType();
        for (String c : columns) {
            if (!type.containsField(c) || g.getFieldRepetitionCount(c) == 0) {
                continue;
            }
            switch (type.getType(c).asPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> row.put(c, g.getString(c, 0));
                case INT32 -> row.put(c, g.getInteger(c, 0));
                case INT64 -> row.put(c, g.getLong(c, 0));
                case DOUBLE -> row.put(c, g.getDouble(c, 0));
                case BOOLEAN -> row.put(c, g.getBoolean(c, 0));
                default -> throw new IllegalArgumentException("column " + c + ": unexpected type " + type.getType(c));
            }
        }
        return row;
    }

    /** The Parquet schema Spark writes for these columns (lists in the standard three-level form). */
    static MessageType parquetType(StructType schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (StructField f : schema.fields()) {
            DataType t = f.dataType();
            if (t instanceof ArrayType a && a.elementType().equals(DataTypes.StringType)) {
                b.optionalGroup().as(LogicalTypeAnnotation.listType()).repeatedGroup()
                        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("element")
                        .named("list").named(f.name());
            } else if (t.equals(DataTypes.StringType)) {
                b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
            } else if (t.equals(DataTypes.IntegerType)) {
                b.optional(PrimitiveTypeName.INT32).named(f.name());
            } else if (t.equals(DataTypes.LongType)) {
                b.optional(PrimitiveTypeName.INT64).named(f.name());
            } else if (t.equals(DataTypes.DoubleType)) {
                b.optional(PrimitiveTypeName.DOUBLE).named(f.name());
            } else if (t.equals(DataTypes.BooleanType)) {
                b.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
            } else {
                throw new IllegalArgumentException("column " + f.name() + ": no Parquet mapping for " + t);
            }
        }
        return b.named("spark_schema");
    }

    private static Group group(Group g, Row r, StructType schema) {
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (r.isNullAt(i)) {
                continue;
            }
            String name = fields[i].name();
            Object v = r.get(i);
            if (v instanceof String s) {
                g.append(name, s);
            } else if (v instanceof Integer n) {
                g.append(name, n);
            } else if (v instanceof Long n) {
                g.append(name, n);
            } else if (v instanceof Double d) {
                g.append(name, d);
            } else if (v instanceof Boolean z) {
                g.append(name, z);
            } else if (v instanceof scala.collection.Seq<?> seq) {
                Group list = g.addGroup(name);
                for (Object e : scala.jdk.javaapi.CollectionConverters.asJava(seq)) {
                    Group element = list.addGroup("list");
                    if (e != null) {
                        element.append("element", (String) e);
                    }
                }
            } else {
                throw new IllegalArgumentException("column " + name + ": unexpected value " + v.getClass());
            }
        }
        return g;
    }
}
