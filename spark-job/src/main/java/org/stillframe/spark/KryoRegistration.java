package org.stillframe.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/** Everything of ours that crosses the wire, registered so Kryo can run with registration required. */
public final class KryoRegistration implements KryoRegistrator {

    private static final String[] SPARK_SQL_CLASSES = {
        "org.apache.spark.sql.types.StructType", "org.apache.spark.sql.types.StructField",
        "[Lorg.apache.spark.sql.types.StructField;", "org.apache.spark.sql.types.StringType",
        "org.apache.spark.sql.types.StringType$", "org.apache.spark.sql.types.LongType$",
        "org.apache.spark.sql.types.IntegerType$", "org.apache.spark.sql.types.DoubleType$",
        "org.apache.spark.sql.types.BooleanType$", "org.apache.spark.sql.types.ArrayType",
        "org.apache.spark.sql.types.Metadata", "scala.collection.immutable.Map$EmptyMap$",
        "scala.collection.immutable.ArraySeq$ofRef",     };

    @Override
    public void registerClasses(Kryo kryo) {
        // Kryo 4's field serializer cannot build records (final fields, no no-arg constructor): records go
        // through their Java serialization form, which is what records define.
        JavaSerializer viaJava = new JavaSerializer();
        kryo.register(MovieEntry.class, viaJava);
        kryo.register(MovieEntry[].class);
        kryo.register(MovieOutcome.class, viaJava);
        kryo.register(TaskStatus.class, viaJava);
        kryo.register(JobSpec.class, viaJava);
        kryo.register(org.stillframe.options.MotionCorSettings.class, viaJava);
        kryo.register(org.stillframe.options.PerMovie.class, viaJava);
        kryo.register(GainJob.Partial.class, viaJava);
        kryo.register(org.stillframe.gain.GainSums.class, viaJava);
        kryo.register(double[].class);
        kryo.register(double[][].class);
        kryo.register(boolean[].class);
        kryo.register(String[].class);
        kryo.register(Object[].class);
        kryo.register(java.util.ArrayList.class);
        // Spark SQL's schema objects travel in task results when a Parquet table's schema is read
        // (spark.read.parquet without a schema); with registration required they must be registered too.
        for (String name : SPARK_SQL_CLASSES) {
            try {
                kryo.register(Class.forName(name));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Spark class " + name + " is missing: another Spark version?", e);
            }
        }
        kryo.register(java.util.List.of().getClass(), viaJava);
        kryo.register(java.util.List.of(1).getClass(), viaJava);
        kryo.register(java.util.List.of(1, 2, 3).getClass(), viaJava);
    }
}
