# Shared by the submit-*.sh wrappers (sourced, not run). Finds stillframe's jars and spark-submit.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$here/spark-job/target/stillframe.jar"
lib="$here/spark-job/target/lib"
# What Spark's own launcher opens on Java 17 (spark-submit adds it for the driver; we add it for local runs).
java_opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

# spark-submit from SPARK_HOME or the PATH; empty when there is none.
find_spark_submit() {
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    echo "$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit > /dev/null 2>&1; then
    command -v spark-submit
  fi
}

# The jars the cluster needs besides Spark and Hadoop, comma-separated for --jars (builds them if missing).
stillframe_jars() {
  if [ "${DRY_RUN:-0}" = 1 ] && [ ! -d "$lib" ]; then
    echo "$lib/*.jar" # a dry run prints the command; it does not build
    return
  fi
  if [ ! -f "$jar" ] || [ ! -d "$lib" ]; then
    (cd "$here" && ./mvnw -q -DskipTests package >&2)
  fi
  ls "$lib"/*.jar | tr '\n' ',' | sed 's/,$//'
}

# Runs spark-submit, or prints it with DRY_RUN=1 (for checking a wrapper without a cluster).
submit() {
  if [ "${DRY_RUN:-0}" = 1 ]; then
    printf '%q ' "$@"
    echo
  else
    exec "$@"
  fi
}

# The resource settings for CORES_PER_EXECUTOR cores and GPUS_PER_EXECUTOR GPUs (or CPU_ONLY=1) into the array
# "gpu": one movie (task) per GPU with the cores that feed it. $1 = where executors find the discovery script.
gpu_settings() {
  cores=${CORES_PER_EXECUTOR:-4}
  gpu=()
  if [ "${CPU_ONLY:-0}" != 1 ]; then
    local gpus=${GPUS_PER_EXECUTOR:-1}
    gpu=(--conf "spark.executor.resource.gpu.amount=$gpus" --conf "spark.task.resource.gpu.amount=1"
         --conf "spark.executor.resource.gpu.discoveryScript=$1" --conf "spark.task.cpus=$((cores / gpus))")
  else
    gpu=(--conf "spark.task.cpus=$cores")
  fi
  # Huge pages for the executors' heap and FFTW buffers, as bin/stillframe sets them (see deploy/README.md).
  gpu+=(--conf "spark.executor.extraJavaOptions=${EXECUTOR_JAVA_OPTS:--XX:+UseTransparentHugePages}"
        --conf "spark.executorEnv.GLIBC_TUNABLES=${EXECUTOR_GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}")
}

# spark-submit or a one-line error naming the wrapper.
require_spark_submit() {
  spark_submit=$(find_spark_submit)
  [ -n "$spark_submit" ] || { echo "$1: spark-submit not found (set SPARK_HOME)" >&2; exit 2; }
}
