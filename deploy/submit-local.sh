#!/usr/bin/env bash
# Local mode on this machine: spark-submit --master local[*] when Spark is installed, otherwise stillframe's
# embedded Spark (no installation needed). Arguments are stillframe job's: --movies ... --out ... [-- flags].
# Environment: CORES (default all), STILLFRAME_CLASSPATH (run from this class path instead of the build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
master="local[${CORES:-*}]"
spark_submit=$(find_spark_submit)
if [ -n "$spark_submit" ] && [ -z "${STILLFRAME_CLASSPATH:-}" ]; then
  submit "$spark_submit" --master "$master" --class org.stillframe.cli.Main --jars "$(stillframe_jars)" \
    --conf spark.kryo.registrationRequired=true "$jar" job "$@"
elif [ -n "${STILLFRAME_CLASSPATH:-}" ]; then
  submit java $java_opens -cp "$STILLFRAME_CLASSPATH" org.stillframe.cli.Main job --master "$master" "$@"
else
  submit "$here/bin/stillframe" job --master "$master" "$@"
fi
