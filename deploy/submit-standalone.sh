#!/usr/bin/env bash
# A Spark standalone cluster with GPU workers: one executor per GPU, one movie (task) per GPU at a time.
# The workers must advertise their GPUs (spark-env.sh / spark-defaults.conf on each worker):
#   spark.worker.resource.gpu.amount <GPUs>   spark.worker.resource.gpu.discoveryScript <path>/gpu-discovery.sh
# Environment: MASTER (spark://host:7077, required), GPUS_PER_EXECUTOR (1), CORES_PER_EXECUTOR (4),
# EXECUTOR_MEMORY (24g), CPU_ONLY=1 for CPU executors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${MASTER:?set MASTER=spark://host:7077}"
require_spark_submit submit-standalone.sh
gpu_settings "$here/deploy/gpu-discovery.sh"
submit "$spark_submit" --master "$MASTER" --deploy-mode client --class org.stillframe.cli.Main \
  --jars "$(stillframe_jars)" --executor-cores "$cores" --executor-memory "${EXECUTOR_MEMORY:-24g}" \
  "${gpu[@]}" "$jar" job "$@"
