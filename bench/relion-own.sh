#!/usr/bin/env bash
# From the stillframe shared tools (../shared/tools/relion-own.sh); movies.star from it/lib/movies-star.sh.
# Runs RELION 3.1's own motion correction on one MRC/TIFF movie, as the peer to compare stillframe with,
# and reports its wall time and peak memory.
#
#   relion-own.sh MOVIE OUT_DIR [--gain GAIN.mrc] [--angpix 1.0] [--voltage 300] [--dose 1.0]
#                 [--patch 5x5] [--threads 2] [--dw] [-- more relion_run_motioncorr args]
#
# Writes OUT_DIR/{sum.mrc, sum_DW.mrc (with --dw), shifts.txt, relion.star, time.txt, relion.out} and
# prints "wall_s peak_rss_gb" last. Installs Debian's relion package if it is missing.
# RELION facts: the gain reference is MULTIPLIED into the frames (as MotionCor2 does); the sum is aligned
# to frame 1; shifts.txt holds "frame dx dy" = the correction applied (minus the specimen's motion);
# local (patch) alignment runs only when both patch counts are > 2.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../it/lib/movies-star.sh"
[ $# -ge 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
movie=$(readlink -f "$1"); out=$2; shift 2
gain=""; angpix=1.0; voltage=300; dose=1.0; patch=1x1; threads=2; dw=0; extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --gain) gain=$(readlink -f "$2"); shift 2;;
    --angpix) angpix=$2; shift 2;;
    --voltage) voltage=$2; shift 2;;
    --dose) dose=$2; shift 2;;
    --patch) patch=$2; shift 2;;
    --threads) threads=$2; shift 2;;
    --dw) dw=1; shift;;
    --) shift; extra=("$@"); break;;
    *) echo "relion-own.sh: unknown option $1" >&2; exit 2;;
  esac
done
command -v relion_run_motioncorr >/dev/null || {
  apt-get install -y -q relion >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q relion >/dev/null; }; }
rm -rf "$out"; mkdir -p "$out/Movies"; out=$(readlink -f "$out")
ext=${movie##*.}
ln -s "$movie" "$out/Movies/movie.$ext"
movies_star "$angpix" "$voltage" "Movies/movie.$ext" > "$out/movies.star"
args=(--i movies.star --o MotionCorr/ --use_own --j "$threads" --bin_factor 1 --bfactor 150
      --patch_x "${patch%x*}" --patch_y "${patch#*x}" --angpix "$angpix" --voltage "$voltage"
      --dose_per_frame "$dose")
[ -n "$gain" ] && args+=(--gainref "$gain")
[ "$dw" = 1 ] && args+=(--dose_weighting --save_noDW)
cd "$out"
/usr/bin/time -v -o time.txt relion_run_motioncorr "${args[@]}" "${extra[@]}" > relion.out 2>&1 || {
  echo "relion-own.sh: relion_run_motioncorr failed; see $out/relion.out" >&2; exit 1; }
if [ "$dw" = 1 ]; then
  cp MotionCorr/Movies/movie.mrc sum_DW.mrc; cp MotionCorr/Movies/movie_noDW.mrc sum.mrc
else
  cp MotionCorr/Movies/movie.mrc sum.mrc
fi
cp MotionCorr/Movies/movie.star relion.star
awk '/data_global_shift/{f=1; next} f && /^data_/{exit} f && NF==3 && $1 ~ /^[0-9]+$/ {print $1, $2, $3}' \
  relion.star > shifts.txt
wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' time.txt)
rss=$(awk -F': ' '/Maximum resident set size/{printf "%.3f", $2/1048576}' time.txt)
echo "$wall $rss"
