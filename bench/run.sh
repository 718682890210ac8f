#!/usr/bin/env bash
# Benchmarks stillframe's whole-frame correction against RELION 3.1's own (relion_run_motioncorr --use_own)
# on the same simulated movies and the same cores, and prints a markdown table for docs/benchmarks.md.
#
#   bench/run.sh [SIZE ...]          sizes default to "2048 4096"; movies have 40 frames at 1 e/A^2/frame
#
# Environment: BENCH_DIR (work folder, default bench/work), THREADS (default 2), FRAMES (default 40),
# SEEDS (simulation seeds, one movie each; default: the size itself), SKIP_RELION=1 to time stillframe alone. Each program runs twice; the second (warm page cache, FFTW wisdom
# saved) is reported. Wall time and peak memory come from /usr/bin/time; accuracy from `stillframe accuracy`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}
threads=${THREADS:-2}
frames=${FRAMES:-40}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(2048 4096)
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

measure() { # label, command... -> prints "wall_s peak_gb"
  local log="$work/time.$1.txt"; shift
  /usr/bin/time -v -o "$log" "$@" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; w=s}
              /Maximum resident set size/{m=$2/1048576} END{printf "%.2f %.3f\n", w, m}' "$log"
}

echo "| movie | program | wall s | peak GB | shift RMS px | lowest FRC ratio to oracle |"
echo "|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
for seed in ${SEEDS:-$n}; do
  name="sim${n}"; [ "$seed" = "$n" ] || name="sim${n}_s${seed}"
  [ -f "$work/$name.mrc" ] || "$sf" simulate --out "$work" --name "$name" --size "$n" --frames "$frames" \
      --seed "$seed" --threads "$threads" > /dev/null
  mkdir -p "$work/sf"
  cmd=("$sf" motioncor -InMrc "$work/$name.mrc" -OutMrc "$work/sf/$name.mrc" -Gain "$work/${name}_gain.mrc"
       -LogDir "$work/sf" -Threads "$threads")
  measure sf "${cmd[@]}" > /dev/null
  read -r wall mem < <(measure sf "${cmd[@]}")
  acc=$("$sf" accuracy "$work/${name}_truth.tsv" "$work/sf/${name}-Full.log" --sum "$work/sf/$name.mrc")
  rms=$(echo "$acc" | awk '/shift RMS/{print $4}'); frc=$(echo "$acc" | awk '/lowest FRC/{print $NF}')
  echo "| ${n}² × ${frames}, seed $seed | stillframe | $wall | $mem | $rms | $frc |"
  if [ "${SKIP_RELION:-0}" != 1 ]; then
    rcmd=(bash "$here/bench/relion-own.sh" "$work/$name.mrc" "$work/relion_$name" --gain "$work/${name}_gain.mrc"
          --threads "$threads")
    "${rcmd[@]}" > /dev/null
    read -r rwall rmem < <("${rcmd[@]}" | tail -1)
    racc=$("$sf" accuracy "$work/${name}_truth.tsv" "$work/relion_$name/shifts.txt" \
        --sum "$work/relion_$name/sum.mrc")
    rrms=$(echo "$racc" | awk '/shift RMS/{print $4}'); rfrc=$(echo "$racc" | awk '/lowest FRC/{print $NF}')
    echo "| ${n}² × ${frames}, seed $seed | RELION 3.1 --use_own --j $threads | $rwall | $rmem | $rrms | $rfrc |"
    awk -v a="$wall" -v b="$rwall" -v c="$mem" -v d="$rmem" \
        'BEGIN{printf "| ratio | stillframe / RELION | %.2f | %.2f | | |\n", a/b, c/d}'
  fi
done
done
