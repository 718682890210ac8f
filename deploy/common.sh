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
