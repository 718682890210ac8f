#!/usr/bin/env bash
# YARN with GPU scheduling (Hadoop 3.1+ with the yarn.io/gpu resource type enabled on the NodeManagers).
# Spark asks YARN for yarn.io/gpu containers; the discovery script then reports the GPU YARN gave each one.
# Environment: GPUS_PER_EXECUTOR (1), CORES_PER_EXECUTOR (4), EXECUTORS (4), EXECUTOR_MEMORY (24g),
# DEPLOY_MODE (client), CPU_ONLY=1 for CPU executors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_spark_submit submit-yarn.sh
gpu_settings "./gpu-discovery.sh"
[ "${CPU_ONLY:-0}" != 1 ] && gpu+=(--files "$here/deploy/gpu-discovery.sh")
submit "$spark_submit" --master yarn --deploy-mode "${DEPLOY_MODE:-client}" --class org.stillframe.cli.Main \
  --jars "$(stillframe_jars)" --num-executors "${EXECUTORS:-4}" --executor-cores "$cores" \
  --executor-memory "${EXECUTOR_MEMORY:-24g}" "${gpu[@]}" "$jar" job "$@"
