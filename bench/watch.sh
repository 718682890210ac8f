#!/usr/bin/env bash
# stillframe job --watch against the batch job on the same movies (issue 25), on this machine:
# (1) the batch job over N movies of SIZE² × FRAMES; (2) the watcher started on the same N movies already in its
# folder (a backlog: its sustained rate); (3) the watcher while a movie is copied into its folder every INTERVAL
# seconds (LAT movies): the latency from a movie's last write to its row being in the tables, as the watcher
# prints it, with the default completeness rule (unchanged for 5 s, polled every 2 s). Rates are taken from the
# movies tables (first read start to last write end) and from the whole command's wall time.
# Environment: N (12), LAT (8), INTERVAL (20), SIZE (2048), FRAMES (40), MASTER (local[2]), TASK_CPUS (1),
# WATCH_PROFILE (a HOCON file with other stillframe.watch settings, e.g. stable-seconds), TIMEOUT (s, 3600),
# BENCH_DIR (bench/work). Movies are simulated once (no gain) and kept.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}/watch
n=${N:-12}; lat=${LAT:-8}; interval=${INTERVAL:-20}; size=${SIZE:-2048}; frames=${FRAMES:-40}
master=${MASTER:-local[2]}; task_cpus=${TASK_CPUS:-1}; limit=${TIMEOUT:-3600}
"$sf" --version > /dev/null
mkdir -p "$work/movies" "$work/truth"
for i in $(seq 1 "$n"); do
  name=$(printf "w%03d" "$i")
  if [ ! -f "$work/movies/$name.mrc" ]; then
    timeout "$limit" "$sf" simulate --out "$work/truth" --name "$name" --size "$size" --frames "$frames" \
      --seed $((5000 + i)) --no-gain > /dev/null
    mv "$work/truth/$name.mrc" "$work/movies/"
  fi
done
conf=(--master "$master" --conf "spark.task.cpus=$task_cpus")
watch_conf=("${conf[@]}")
[ -n "${WATCH_PROFILE:-}" ] && watch_conf+=(--profile "$WATCH_PROFILE")
span() { # movies/min from a run's movies table: N over (first read start .. last write end)
  java -cp "$here/spark-job/target/stillframe.jar:$here/spark-job/target/lib/*:$(cat "$here/spark-job/target/provided-classpath.txt")" \
    "$here/bench/TableSpan.java" "$1" 2>/dev/null
}
rm -rf "$work/out-batch" "$work/out-watch" "$work/out-latency" "$work/incoming"
t0=$(date +%s.%N)
timeout "$limit" "$sf" job --movies "$work/movies" --out "$work/out-batch" "${conf[@]}" > "$work/batch.log" 2>&1
t1=$(date +%s.%N)
echo "batch: wall $(echo "$t1 - $t0" | bc) s; $(span "$work/out-batch")"
t0=$(date +%s.%N)
timeout "$limit" "$sf" job --watch --movies "$work/movies" --out "$work/out-watch" --until-idle 5s "${watch_conf[@]}" \
  > "$work/watch.log" 2>&1
t1=$(date +%s.%N)
echo "watch, backlog of $n: wall $(echo "$t1 - $t0" | bc) s (5 s of it the idle stop); $(span "$work/out-watch")"
mkdir -p "$work/incoming"
timeout "$limit" "$sf" job --watch --movies "$work/incoming/*.mrc" --out "$work/out-latency" \
  --stop-file "$work/incoming/STOP" "${watch_conf[@]}" > "$work/latency.log" 2>&1 &
watcher=$!
sleep 10 # the watcher's JVM and Spark start
for i in $(seq 1 "$lat"); do
  name=$(ls "$work/movies" | sed -n "$(( (i - 1) % n + 1 ))p")
  cp "$work/movies/$name" "$work/incoming/.$i.part" && mv "$work/incoming/.$i.part" "$work/incoming/l$(printf %03d "$i").mrc"
  sleep "$interval"
done
touch "$work/incoming/STOP"
wait "$watcher"
grep '^Visible' "$work/latency.log" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "latency (s) over %d movies, one every %s s: min %.1f, median %.1f, max %.1f\n", NR, "'"$interval"'", a[1], a[int((NR+1)/2)], a[NR]}'
grep '^Watch ended' "$work/latency.log"
