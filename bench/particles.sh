#!/usr/bin/env bash
# Per-particle local motion (issue 10): simulated movies whose particles move 1-3 px on their own on top of
# drift and a 3 px local field; picks = every particle wholly inside the frame (60-240 A diameters).
# `stillframe particles local` (patch motion 5 x 5, then per-particle tracking and dose-weighted extraction) is
# timed as a whole and per stage (its log line), without plots (the first 20 movies of a dataset also get the raw
# trajectories and the PNG: about a third more tracking time), and scored with `stillframe particles accuracy`.
# CASES="name:size:pixelA:doseE:box:seed ..."; prints markdown.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}
threads=${THREADS:-2}
cases=${CASES:-"p2A_a:1024:2:2:128:51 p2A_b:1024:2:2:128:52 p1A:2048:1:1:256:53 p1A_4k:4096:1:1:256:54"}
mkdir -p "$work"
echo "| movie | frames | px (A) | e/A^2/frame | box | particles | motioncor -Patch 5 5 s | particles local s | tracking s | extraction s | s per 1000 particles | peak GB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
acc=""
for c in $cases; do
  IFS=: read -r name size px dose box seed <<< "$c"
  d="$work/particles_$name"
  mkdir -p "$d"
  [ -f "$d/$name.mrc" ] || "$sf" simulate --out "$d" --name "$name" --size "$size" --frames 40 --pixel-size "$px" \
      --dose "$dose" --local 3 --particle-motion 3 --no-gain --seed "$seed" --threads "$threads" > /dev/null
  flags=(-PixSize "$px" -Kv 300 -FmDose "$dose")
  "$sf" motioncor -InMrc "$d/$name.mrc" -OutMrc "$d/mc/$name.mrc" -Patch 5 5 -Threads "$threads" "${flags[@]}" > /dev/null
  /usr/bin/time -v -o "$d/time.mc.txt" "$sf" motioncor -InMrc "$d/$name.mrc" -OutMrc "$d/mc/$name.mrc" -Patch 5 5 \
      -Threads "$threads" "${flags[@]}" > /dev/null
  run=("$sf" particles local --movies "$d/$name.mrc" --picks "$d/${name}_particles.star" --out "$d/out" --box "$box"
       --diameter 150 --threads "$threads" --plots 0 -- "${flags[@]}")
  "${run[@]}" > /dev/null
  /usr/bin/time -v -o "$d/time.pl.txt" "${run[@]}" > "$d/log.txt"
  wall() { awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.1f", s}' "$1"; }
  peak=$(awk -F': ' '/Maximum resident set size/{printf "%.2f", $2/1048576}' "$d/time.pl.txt")
  read -r n tr ex < <(sed -n 's/.*Particles: \([0-9]*\) in .*tracking \([0-9.]*\) s, extraction \([0-9.]*\) s.*/\1 \2 \3/p' "$d/log.txt")
  per=$(awk -v n="$n" -v a="$tr" -v b="$ex" 'BEGIN{printf "%.1f", (a+b)/n*1000}')
  echo "| $name | 40 | $px | $dose | $box | $n | $(wall "$d/time.mc.txt") | $(wall "$d/time.pl.txt") | $tr | $ex | $per | $peak |"
  acc+="### $name"$'\n\n'"$("$sf" particles accuracy "$d/${name}_particles_truth.tsv" "$d/out/Particles/${name}_trajectories.tsv" \
      | awk -F'\t' 'NR==1{print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $6 " |"; print "|---|---|---|---|---|---|"; next}
                   {print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $6 " |"}')"$'\n\n'
done
echo
echo "Trajectory error against the truth (total correction at each particle, every frame; 'movie motion alone' ="
echo "the patch model without the per-particle residual):"
echo
printf "%s" "$acc"
