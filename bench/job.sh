#!/usr/bin/env bash
# Per-movie and fixed cost of the ways to correct a dataset on one machine (issue 19). The same simulated movies
# are corrected by (a) a shell loop of stillframe motioncor, one process per movie, (b) stillframe motioncor
# -Serial 1 (one process), (c) stillframe job local[CORES] with CORES tasks of 1 thread, (d) stillframe job with
# 1 task of CORES threads; each at N1 and N2 movies, and once over a mix of MIX_SIZE² and SIZE² movies (N1 in
# all, half of each). The per-movie marginal cost is the slope (t(N2) − t(N1)) / (N2 − N1) and the fixed cost
# t(N1) − N1 × marginal. Prints a markdown table for docs/benchmarks.md and, for the job runs, the fixed-cost
# line the job prints. Every command runs under `timeout TIMEOUT`.
# Environment: N1 (8), N2 (32), SIZE (2048), MIX_SIZE (SIZE/2), FRAMES (40), CORES (2), TIMEOUT (s, 3600),
# BENCH_DIR (bench/work). Smoke test: N1=2 N2=3 SIZE=512 FRAMES=10 bench/job.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}/job
n1=${N1:-8}; n2=${N2:-32}; size=${SIZE:-2048}; frames=${FRAMES:-40}; cores=${CORES:-2}
mix_size=${MIX_SIZE:-$((size / 2))}; limit=${TIMEOUT:-3600}
[ "$n2" -gt "$n1" ] || { echo "bench/job.sh: N2 ($n2) must be larger than N1 ($n1)" >&2; exit 2; }
"$sf" --version > /dev/null # builds the jar first if needed, outside the timings

# simulate DIR PREFIX SIZE COUNT SEED0: COUNT movies of SIZE² × FRAMES in DIR (kept between runs)
simulate() {
  local dir=$1 prefix=$2 px=$3 count=$4 seed0=$5 truth="$work/truth" name i
  mkdir -p "$dir" "$truth"
  for i in $(seq 1 "$count"); do
    name=$(printf "%s%03d" "$prefix" "$i")
    if [ ! -f "$dir/$name.mrc" ]; then
      timeout "$limit" "$sf" simulate --out "$truth" --name "$name" --size "$px" --frames "$frames" \
        --seed $((seed0 + i)) --no-gain > /dev/null
      mv "$truth/$name.mrc" "$dir/"
    fi
  done
}
simulate "$work/all" j "$size" "$n2" 7000
simulate "$work/small" k "$mix_size" $((n1 / 2)) 9000
# datasets (hard links to the simulated movies): first N1, all N2, and the mix
rm -rf "$work/sets"; mkdir -p "$work/sets/n1" "$work/sets/n2" "$work/sets/mix"
ls "$work/all"/*.mrc | head -n "$n1" | xargs -I{} ln {} "$work/sets/n1/"
ls "$work/all"/*.mrc | head -n "$n2" | xargs -I{} ln {} "$work/sets/n2/"
ls "$work/small"/*.mrc | head -n $((n1 / 2)) | xargs -I{} ln {} "$work/sets/mix/"
ls "$work/all"/*.mrc | head -n $((n1 - n1 / 2)) | xargs -I{} ln {} "$work/sets/mix/"

# run MODE SET: corrects dataset SET the MODE way into a fresh folder; prints the wall seconds ("timeout" or
# "failed" instead when it did not finish); the output goes to $work/logs/MODE-SET.log
run() {
  local mode=$1 set=$2 in="$work/sets/$2" out="$work/out/$1-$2" log="$work/logs/$1-$2.log" s rc=0
  rm -rf "$out"; mkdir -p "$out" "$work/logs"
  s=$(date +%s.%N)
  case $mode in
    loop) for m in "$in"/*.mrc; do timeout "$limit" "$sf" motioncor -InMrc "$m" -OutMrc "$out/$(basename "$m")" \
            -Threads "$cores" || { rc=$?; break; }; done > "$log" 2>&1 ;;
    serial) timeout "$limit" "$sf" motioncor -InMrc "$in/" -OutMrc "$out/s_" -Serial 1 -Threads "$cores" \
              > "$log" 2>&1 || rc=$? ;;
    job1) timeout "$limit" "$sf" job --movies "$in" --out "$out" --master "local[$cores]" -- -Threads 1 \
            > "$log" 2>&1 || rc=$? ;;
    jobN) timeout "$limit" "$sf" job --movies "$in" --out "$out" --master "local[$cores]" \
            --conf "spark.task.cpus=$cores" -- -Threads "$cores" > "$log" 2>&1 || rc=$? ;;
  esac
  if [ "$rc" = 124 ]; then echo timeout; elif [ "$rc" != 0 ]; then echo failed;
  else echo "$(date +%s.%N) - $s" | bc; fi
}
modes=(loop serial job1 jobN)
declare -A label=([loop]="motioncor, one process per movie (-Threads $cores)"
  [serial]="motioncor -Serial 1, one process (-Threads $cores)"
  [job1]="job, local[$cores], $cores tasks × -Threads 1" [jobN]="job, local[$cores], 1 task × -Threads $cores")
declare -A t1 t2 tm
for mode in "${modes[@]}"; do
  t1[$mode]=$(run "$mode" n1); t2[$mode]=$(run "$mode" n2); tm[$mode]=$(run "$mode" mix)
done
num() { [[ $1 =~ ^[0-9.]+$ ]]; }
fmt() { if num "$1"; then printf "%.1f" "$1"; else printf "%s" "$1"; fi; }
echo
echo "| run (${size}² × $frames, $cores cores) | $n1 movies, s | $n2 movies, s | per movie, s | fixed, s | mix $n1 (${mix_size}²/${size}²), s |"
echo "|---|---|---|---|---|---|"
for mode in "${modes[@]}"; do
  a=${t1[$mode]}; b=${t2[$mode]}; marginal="–"; fixed="–"
  if num "$a" && num "$b"; then
    marginal=$(echo "scale=3; ($b - $a) / ($n2 - $n1)" | bc)
    fixed=$(echo "scale=3; $a - $n1 * $marginal" | bc)
    marginal=$(printf "%.2f" "$marginal"); fixed=$(printf "%.1f" "$fixed")
  fi
  printf "| %s | %s | %s | %s | %s | %s |\n" "${label[$mode]}" "$(fmt "$a")" "$(fmt "$b")" "$marginal" "$fixed" \
    "$(fmt "${tm[$mode]}")"
done
echo
echo "The job's own fixed-cost lines (Spark start, listing, tables, QC):"
for mode in job1 jobN; do
  for set in n1 n2 mix; do
    line=$(grep -i "fixed cost" "$work/logs/$mode-$set.log" | tail -1 || true)
    echo "- $mode, $set: ${line:-(none printed)}"
  done
done
