#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.{executor,worker,driver}.resource.gpu.discoveryScript):
# prints {"name":"gpu","addresses":[...]} with the indices nvidia-smi lists, or those in CUDA_VISIBLE_DEVICES
# when it is set (a container or a scheduler may have narrowed them). Prints no addresses where no GPU exists.
set -euo pipefail
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
  ids=$(echo "$CUDA_VISIBLE_DEVICES" | tr ',' ' ')
elif command -v nvidia-smi > /dev/null 2>&1; then
  ids=$(nvidia-smi --query-gpu=index --format=csv,noheader 2> /dev/null | tr -d ' ' | tr '\n' ' ')
else
  ids=""
fi
list=""
for id in $ids; do
  list="${list:+$list,}\"$id\""
done
echo "{\"name\":\"gpu\",\"addresses\":[${list}]}"
