#!/usr/bin/env bash
# Dose weighting against RELION 3.1: a 2048² x 40 movie with radiation damage (Grant & Grigorieff's curve) and
# 100 hot pixels, corrected by stillframe (-Kv 300 -PixSize 1 -FmDose 1) and by RELION's own implementation
# (--dose_weighting), each dose-weighted sum scored by its Fourier ring correlation with the ideal dose-weighted
# image (NAME_noisefree_DW.mrc from the simulator). Prints a markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}
threads=${THREADS:-2}
mkdir -p "$work"
name=dose2048
[ -f "$work/$name.mrc" ] || "$sf" simulate --out "$work" --name $name --size 2048 --frames 40 --damage \
    --hot-pixels 100 --seed 77 --threads "$threads" > /dev/null
cmd=("$sf" motioncor -InMrc "$work/$name.mrc" -OutMrc "$work/sf/$name.mrc" -Gain "$work/${name}_gain.mrc"
     -Kv 300 -PixSize 1 -FmDose 1 -LogDir "$work/sf" -Threads "$threads")
"${cmd[@]}" > /dev/null
/usr/bin/time -v -o "$work/time.dose.txt" "${cmd[@]}" > "$work/dose.out"
read -r wall mem < <(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; w=s}
    /Maximum resident set size/{m=$2/1048576} END{printf "%.2f %.3f\n", w, m}' "$work/time.dose.txt")
rcmd=(bash "$here/bench/relion-own.sh" "$work/$name.mrc" "$work/relion_$name" --gain "$work/${name}_gain.mrc"
      --dw --dose 1 --angpix 1 --voltage 300 --threads "$threads")
"${rcmd[@]}" > /dev/null
read -r rwall rmem < <("${rcmd[@]}" | tail -1)
score() { "$sf" accuracy "$work/${name}_truth.tsv" "$2" --sum "$1" --reference "$work/${name}_noisefree_DW.mrc"; }
ours=$(score "$work/sf/${name}_DW.mrc" "$work/sf/$name-Full.log")
theirs=$(score "$work/relion_$name/sum_DW.mrc" "$work/relion_$name/shifts.txt")
rms() { "$sf" accuracy "$work/${name}_truth.tsv" "$1" | awk '/shift RMS/{print $4}'; }
echo "| ring (x Nyquist) | FRC(stillframe _DW, ideal) | FRC(RELION DW, ideal) |"
echo "|---|---|---|"
paste <(echo "$ours" | awk '/^[0-9]/{print $1, $2}') <(echo "$theirs" | awk '/^[0-9]/{print $2}') \
  | awk '{printf "| %s | %s | %s |\n", $1, $2, $3}'
echo
echo "| program | wall s | peak GB | shift RMS px | hot pixels found |"
echo "|---|---|---|---|---|"
echo "| stillframe | $wall | $mem | $(rms "$work/sf/$name-Full.log") | $(awk '/Defective/{print $4}' "$work/dose.out") |"
echo "| RELION 3.1 --use_own --dose_weighting | $rwall | $rmem | $(rms "$work/relion_$name/shifts.txt") | $(grep -o 'Detected [0-9]* hot' "$work/relion_$name/MotionCorr/Movies/movie.log" | awk '{print $2}') |"
