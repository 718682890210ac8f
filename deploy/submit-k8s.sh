#!/usr/bin/env bash
# Kubernetes: executor pods request nvidia.com/gpu through Spark's resource vendor setting (the NVIDIA device
# plugin must run on the GPU nodes). The image must hold Java 17 and Spark 4.1, with stillframe.jar and
# spark-job/target/lib/*.jar in $SPARK_HOME/jars and this folder at /opt/stillframe/deploy (deploy/README.md).
# Environment: K8S_MASTER (k8s://https://host:6443, required), IMAGE (required),
# NAMESPACE (default), EXECUTORS (4), CORES_PER_EXECUTOR (4), EXECUTOR_MEMORY (24g), CPU_ONLY=1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${K8S_MASTER:?set K8S_MASTER=k8s://https://host:6443}"
: "${IMAGE:?set IMAGE to a container image with Spark and stillframe}"
require_spark_submit submit-k8s.sh
gpu_settings "/opt/stillframe/deploy/gpu-discovery.sh"
[ "${CPU_ONLY:-0}" != 1 ] && gpu+=(--conf spark.executor.resource.gpu.vendor=nvidia.com)
submit "$spark_submit" --master "$K8S_MASTER" --deploy-mode cluster --name stillframe \
  --class org.stillframe.cli.Main --conf "spark.kubernetes.namespace=${NAMESPACE:-default}" \
  --conf "spark.kubernetes.container.image=$IMAGE" --conf "spark.executor.instances=${EXECUTORS:-4}" \
  --conf "spark.executor.cores=$cores" --conf "spark.executor.memory=${EXECUTOR_MEMORY:-24g}" \
  "${gpu[@]}" local:///opt/spark/jars/stillframe.jar job "$@"
