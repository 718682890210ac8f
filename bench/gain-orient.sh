#!/usr/bin/env bash
# The gain orientation check at 4096² and K3 size on simulated counting movies (issue 23): found out of the
# orientations that fit, and the time to score the 8 candidates (the first frames' reading is timed by the
# pipeline's own log line). Prints a markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bin/stillframe --version > /dev/null # builds the jar if needed
echo "| frame | stored orientation found | median s to score | worst s |"
echo "|---|---|---|---|"
timeout 1200 java -Xmx12g -cp "spark-job/target/stillframe.jar:spark-job/target/lib/*" bench/GainOrientBench.java
