#!/usr/bin/env bash
# Throughput for a 41-tilt series (±60°, 3° steps, dose-symmetric order), each tilt a 2048² × 8-frame movie at
# 0.4 e/A^2 per frame at 2 A/px (1.6 e/px; 3.2 e/A^2 per tilt, ~130 e/A^2 for the series): stillframe tilts (one process, tilts one after
# another, all cores per tilt) and stillframe job --tilt-series in local mode (tilts as parallel single-threaded
# tasks). Prints a markdown table. Environment: SIZE (2048), FRAMES (8), CORES (2).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}/tilts
size=${SIZE:-2048}; frames=${FRAMES:-8}; cores=${CORES:-2}
mkdir -p "$work/frames" "$work/truth"
angles=(0)
p=0; n=0; plus=1; first=1
while [ ${#angles[@]} -lt 41 ]; do
  for j in 1 2; do
    [ ${#angles[@]} -ge 41 ] && break
    if [ $plus = 1 ]; then p=$((p + 3)); angles+=($p); else n=$((n + 3)); angles+=(-$n); fi
    [ $first = 1 ] && { first=0; break; }
  done
  plus=$((1 - plus))
done
mdoc="$work/frames/TS_bench.mrc.mdoc"
if [ ! -f "$mdoc" ]; then
  printf "PixelSpacing = 2\n\n" > "$mdoc.tmp"
  for z in $(seq 0 40); do
    "$sf" simulate --out "$work/truth" --name "TS_bench_$z" --size "$size" --frames "$frames" --dose 0.4 --pixel-size 2 \
      --seed $((9000 + z)) --drift 8 --no-gain > /dev/null
    mv "$work/truth/TS_bench_$z.mrc" "$work/frames/"
    printf '[ZValue = %d]\nTiltAngle = %s\nExposureDose = %s\nSubFramePath = X:\\frames\\TS_bench_%d.mrc\nNumSubFrames = %d\nDateTime = 25-Nov-26  12:%02d:%02d\n\n' \
      "$z" "${angles[$z]}" "$(echo "0.4 * $frames" | bc)" "$z" "$frames" $((z / 2)) $(( (z % 2) * 30 )) >> "$mdoc.tmp"
  done
  mv "$mdoc.tmp" "$mdoc"
fi
rm -rf "$work/out_tilts" "$work/out_job"
s=$(date +%s.%N); "$sf" tilts --mdoc "$mdoc" --out "$work/out_tilts" --threads "$cores" > "$work/tilts.log"; e=$(date +%s.%N)
t1=$(echo "$e - $s" | bc)
s=$(date +%s.%N); "$sf" job --tilt-series --movies "$mdoc" --out "$work/out_job" --master "local[$cores]" -- -Threads 1 \
  > "$work/job.log" 2>&1 || true; e=$(date +%s.%N)
t2=$(echo "$e - $s" | bc)
err=$(for z in $(seq 0 40); do "$sf" accuracy "$work/truth/TS_bench_${z}_truth.tsv" \
  "$work/out_job/logs/TS_bench_$z-Full.log" | awk '/^shift RMS/{print $4}'; done | sort -g | awk '{a[NR]=$1} END{print a[int(NR/2)+1], a[NR]}')
echo "| 41 tilts × ${size}² × $frames frames, $cores cores | wall s | tilts/min |"
echo "|---|---|---|"
printf "| stillframe tilts (tilts in turn, %d threads each) | %.1f | %.1f |\n" "$cores" "$t1" "$(echo "60 * 41 / $t1" | bc -l)"
printf "| stillframe job --tilt-series, local[%d] | %.1f | %.1f |\n" "$cores" "$t2" "$(echo "60 * 41 / $t2" | bc -l)"
echo
echo "Shift RMS error per tilt (median, worst): $err px"
