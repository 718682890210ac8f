#!/usr/bin/env bash
# Local (patch) motion against RELION 3.1's own: 4096² x 40 movies with drift plus a smooth local deformation
# (and one with drift only), corrected with 5 x 5 patches by stillframe (-Patch 5 5) and RELION (--patch_x 5
# --patch_y 5), and by stillframe whole-frame only. Scores: the whole correction field against the simulator's
# true field (stillframe's model table; RELION's global shifts only), and each sum's Fourier ring correlation
# with the noise-free image. Prints markdown tables. Movies: MOVIES="name:seed:local-px ..." (local 0 = drift only).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}
threads=${THREADS:-2}
movies=${MOVIES:-"local4k_a:4242:4 local4k_b:777:3 drift4k:4096:0"}
mkdir -p "$work"
timed() { # OUT_TIME_FILE CMD...: run twice, time the second
  local t=$1; shift
  "$@" > /dev/null
  /usr/bin/time -v -o "$t" "$@" > /dev/null
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; w=s}
    /Maximum resident set size/{m=$2/1048576} END{printf "%.2f %.3f\n", w, m}' "$t"
}
field() { "$sf" accuracy "$work/$1_truth.tsv" "$2" ${3:+--model "$3"} | awk '/^field RMS/{print $4}'; }
frc() { "$sf" accuracy "$work/$1_truth.tsv" "$2" --sum "$3" | awk '/^0\.[0-9]0-/{printf "%s ", $2} END{print ""}'; }
for spec in $movies; do
  IFS=: read -r name seed local <<< "$spec"
  [ -f "$work/$name.mrc" ] || "$sf" simulate --out "$work" --name "$name" --size 4096 --frames 40 --seed "$seed" \
      --local "$local" --threads "$threads" > /dev/null
  gain="$work/${name}_gain.mrc"
  read -r pw pm < <(timed "$work/time.$name.patch.txt" "$sf" motioncor -InMrc "$work/$name.mrc" \
      -OutMrc "$work/sf_patch/$name.mrc" -Gain "$gain" -Patch 5 5 -LogDir "$work/sf_patch" -Threads "$threads")
  read -r gw gm < <(timed "$work/time.$name.whole.txt" "$sf" motioncor -InMrc "$work/$name.mrc" \
      -OutMrc "$work/sf_whole/$name.mrc" -Gain "$gain" -LogDir "$work/sf_whole" -Threads "$threads")
  rcmd=(bash "$here/bench/relion-own.sh" "$work/$name.mrc" "$work/relion_patch_$name" --gain "$gain" --patch 5x5
        --threads "$threads")
  "${rcmd[@]}" > /dev/null
  read -r rw rm < <("${rcmd[@]}" | tail -1)
  pf=$([ -f "$work/sf_patch/$name.model.tsv" ] && echo "$work/sf_patch/$name.model.tsv" || true)
  echo "### $name (seed $seed, local $local px)"
  echo
  echo "| run | wall s | peak GB | field RMS px |"
  echo "|---|---|---|---|"
  if [ "$local" != 0 ]; then
    echo "| stillframe -Patch 5 5 | $pw | $pm | $(field "$name" "$work/sf_patch/$name-Patch-Full.log" "$pf") |"
    echo "| stillframe whole-frame | $gw | $gm | $(field "$name" "$work/sf_whole/$name-Full.log") |"
    echo "| RELION 5 x 5 (global shifts only) | $rw | $rm | $(field "$name" "$work/relion_patch_$name/shifts.txt") |"
  else
    echo "| stillframe -Patch 5 5 | $pw | $pm | |"
    echo "| stillframe whole-frame | $gw | $gm | |"
    echo "| RELION 5 x 5 | $rw | $rm | |"
  fi
  echo
  echo "FRC with the noise-free image, rings 0.0-0.1 ... 0.9-1.0 x Nyquist:"
  echo
  echo "| run | FRC by ring |"
  echo "|---|---|"
  echo "| stillframe -Patch 5 5 | $(frc "$name" "$work/sf_patch/$name-Patch-Full.log" "$work/sf_patch/$name.mrc") |"
  echo "| stillframe whole-frame | $(frc "$name" "$work/sf_whole/$name-Full.log" "$work/sf_whole/$name.mrc") |"
  echo "| RELION 5 x 5 | $(frc "$name" "$work/relion_patch_$name/shifts.txt" "$work/relion_patch_$name/sum.mrc") |"
  echo
done
