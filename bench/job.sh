#!/usr/bin/env bash
# Spark overhead: the same simulated movies corrected (a) by stillframe motioncor one after another, one process
# per movie (what a shell loop over a dataset does), (b) by stillframe motioncor -Serial 1 (one process), and
# (c) by stillframe job in local mode (one movie per task, tasks in parallel, -Threads 1 each). Prints movies per
# minute and wall seconds as a markdown table. Environment: N (movies, 8), SIZE (2048), FRAMES (40), CORES (2).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}/job
n=${N:-8}; size=${SIZE:-2048}; frames=${FRAMES:-40}; cores=${CORES:-2}
mkdir -p "$work/movies" "$work/truth"
for i in $(seq 1 "$n"); do
  name=$(printf "j%03d" "$i")
  if [ ! -f "$work/movies/$name.mrc" ]; then
    "$sf" simulate --out "$work/truth" --name "$name" --size "$size" --frames "$frames" --seed $((7000 + i)) \
      --no-gain > /dev/null
    mv "$work/truth/$name.mrc" "$work/movies/"
  fi
done
secs() { local s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }
rm -rf "$work/out_loop" "$work/out_serial" "$work/out_job"
loop() { for m in "$work"/movies/*.mrc; do "$sf" motioncor -InMrc "$m" -OutMrc "$work/out_loop/$(basename "$m")" \
  -Threads "$cores"; done; }
t_loop=$(secs loop)
t_serial=$(secs "$sf" motioncor -InMrc "$work/movies/" -OutMrc "$work/out_serial/s_" -Serial 1 -Threads "$cores")
t_job=$(secs "$sf" job --movies "$work/movies" --out "$work/out_job" --master "local[$cores]" -- -Threads 1)
rm -rf "$work/out_job"
t_job2=$(secs "$sf" job --movies "$work/movies" --out "$work/out_job" --master "local[$cores]" \
  --conf "spark.task.cpus=$cores" -- -Threads "$cores")
rate() { echo "scale=2; 60 * $n / $1" | bc; }
echo "| run ($n movies, ${size}² × $frames, $cores cores) | wall s | movies/min |"
echo "|---|---|---|"
printf "| motioncor, one process per movie | %.1f | %s |\n" "$t_loop" "$(rate "$t_loop")"
printf "| motioncor -Serial 1 (one process) | %.1f | %s |\n" "$t_serial" "$(rate "$t_serial")"
printf "| job, local[%d], %d tasks at once, -Threads 1 | %.1f | %s |\n" "$cores" "$cores" "$t_job" "$(rate "$t_job")"
printf "| job, local[%d], 1 task at a time, -Threads %d | %.1f | %s |\n" "$cores" "$cores" "$t_job2" "$(rate "$t_job2")"
