#!/usr/bin/env bash
# Reference-based motion correction (issue 11): `stillframe particles polish` on simulated datasets of one density
# (CTF-modulated projections at random orientations, spatially correlated own motion, radiation damage):
#  - "set": 2 movies of 2048² x 24 frames, 1.5 A/px, 2 e/A^2/frame, ~250 particles each; hyperparameters by
#    cross-validation on both, empirical dose weights, polishing;
#  - "crowded": one 4096² x 24 movie with 2000 particles, hyperparameters given (the search is timed on "set").
# Timings: the whole command (/usr/bin/time: wall, peak memory) and the per-movie "Polished:" log lines (fit and
# extraction seconds); accuracy by `stillframe particles accuracy`. Prints markdown.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}/polish
threads=${THREADS:-2}
mkdir -p "$work"
sim() { # NAME SIZE PARTICLES MOVIES
  [ -f "$work/$1_001.mrc" ] || [ -f "$work/$1.mrc" ] || "$sf" simulate --out "$work" --name "$1" --size "$2" \
      --frames 24 --pixel-size 1.5 --dose 2 --drift 15 --particle-motion 1.5 --contrast 0.08 --damage --no-gain \
      --projections "$3" --movies "$4" --seed 31 --threads "$threads" > /dev/null
}
star() { # OUT FILES...: one STAR of several movies' particles
  local out=$1; shift
  { sed -n '1,/^_rlnOpticsGroup #11/p' "$1"; for f in "$@"; do grep -h '^ *[^ #_].*\.mrc ' "$f"; done; } > "$out"
}
sim set 2048 250 2
sim crowded 4096 2000 1
star "$work/set.star" "$work"/set_00?_particles.star
star "$work/crowded.star" "$work/crowded_particles.star"
flags=(-PixSize 1.5 -Kv 300 -FmDose 2)
run() { # NAME MOVIES STAR HALF EXTRA...
  local name=$1 movies=$2 stars=$3 half=$4; shift 4
  /usr/bin/time -v -o "$work/time.$name.txt" "$sf" particles polish --movies "$movies" --particles "$stars" \
      --half1 "$half" --half2 "$half" --out "$work/out_$name" --box 96 --diameter 60 --threads "$threads" "$@" \
      -- "${flags[@]}" > "$work/log.$name.txt" 2>&1
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; w=s}
    /Maximum resident set size/{m=$2/1048576} END{printf "%.1f %.2f\n", w, m}' "$work/time.$name.txt"
}
read -r sw sm < <(run set "$work/set_00?.mrc" "$work/set.star" "$work/set_001_half1.mrc")
read -r cw cm < <(run crowded "$work/crowded.mrc" "$work/crowded.star" "$work/crowded_half1.mrc" \
    --sigma-v 0.2 --sigma-d 500 --sigma-a 0.025)
echo "| dataset | movies x particles | wall s (whole command) | peak GB | search evaluations | per movie: fit s, extraction s | s per 1000 particles (fit + extraction) |"
echo "|---|---|---|---|---|---|---|"
for name in set crowded; do
  log="$work/log.$name.txt"
  evals=$(grep -c '^  sigma_v' "$log" || true)
  per=$(sed -n 's/.*Polished: \([0-9]*\) particles.*fit \([0-9.]*\) s, extraction \([0-9.]*\) s/\1 \2 \3/p' "$log")
  stages=$(echo "$per" | awk '{printf "%s%s + %s", (NR>1?"; ":""), $2, $3}')
  rate=$(echo "$per" | awk '{n+=$1; t+=$2+$3} END{printf "%.1f", t/n*1000}')
  movies=$(echo "$per" | wc -l); parts=$(echo "$per" | awk '{n+=$1} END{print n}')
  w=$([ $name = set ] && echo "$sw" || echo "$cw"); m=$([ $name = set ] && echo "$sm" || echo "$cm")
  echo "| $name | $movies x $((parts / movies)) | $w | $m | $evals | $stages | $rate |"
done
echo
grep -h "Hyperparameters chosen" "$work/log.set.txt" || true
echo
echo "| movie | particles | RMS px | RMS offset removed px | movie motion alone RMS px |"
echo "|---|---|---|---|---|"
for t in "$work"/set_00?_particles_truth.tsv "$work/crowded_particles_truth.tsv"; do
  stem=$(basename "$t" _particles_truth.tsv)
  out=$([[ $stem == crowded* ]] && echo "$work/out_crowded" || echo "$work/out_set")
  "$sf" particles accuracy "$t" "$out/Polish/${stem}_polished_trajectories.tsv" | awk -F'\t' -v s="$stem" \
      '$1=="all"{print "| " s " | " $2 " | " $4 " | " $5 " | " $6 " |"}'
done
echo
echo "Empirical B-factors (set), frame: B (A^2):"
awk -F'\t' 'NR>2{printf "%s: %s  ", $1, $3} END{print ""}' "$work/out_set/bfactors.tsv"
