#!/usr/bin/env bash
# Integration test against RELION 3.1 (Debian's relion package; installed here if missing), run by .ci/run.
#  1. Two simulated movies (one with local motion) are corrected by bin/MotionCor2 (stillframe's drop-in) exactly as
#     RELION's "use MOTIONCOR2" mode calls it (-InMrc -OutMrc -LogFile -Bft -PixSize -kV -FmDose -Patch -Gpu) plus
#     --relion-star, into a RELION job folder.
#  2. relion_run_motioncorr --only_do_unfinished then finds every movie done and reads our per-movie motion STAR
#     files with RELION's own Micrograph reader (the one Bayesian polishing uses) to write its
#     corrected_micrographs.star: it must finish without error and report the accumulated motion we report.
#  3. relion_star_printtable reads our global shifts and local model: they must equal our logs and match the
#     simulator's truth within the skeleton's bound (0.15 px RMS).
#  4. relion_run_motioncorr --use_motioncor2 --motioncor2_exe bin/MotionCor2: Debian's CPU-only RELION 3.1.3
#     stops with SIGFPE inside executeMotioncor2 before calling any executable (an unset GPU count); that step is
#     reported as skipped there and checked in full where RELION can run it.
# Every error figure must be present and numeric: a missing figure fails like one over its bound.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
limit=${RELION_INTEROP_TIMEOUT:-600} # seconds for any one program run (the first may build stillframe's jar)
fail() { echo "relion-interop: FAIL: $*" >&2; exit 1; }
run() { timeout -k 10 "$limit" "$@"; }
printtable() { run relion_star_printtable "$@"; }
# check_bound WHAT FIGURE BOUND: FIGURE must be a number no larger than BOUND; a missing or non-numeric figure fails.
check_bound() {
  awk -v e="$2" 'BEGIN { exit !(e ~ /^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/) }' \
    || fail "$1: no error figure (got '$2')"
  awk -v e="$2" -v b="$3" 'BEGIN { exit !(e + 0 <= b + 0) }' || fail "$1: $2 px from the truth (bound $3)"
}
# numbers N WORDS...: exactly N words, each a number.
numbers() {
  local n=$1; shift
  [ "$#" = "$n" ] || return 1
  for w in "$@"; do [[ "$w" =~ ^-?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$ ]] || return 1; done
}
# same_shifts A B: tables whose rows start with frame, shift x, shift y list the same frames (at least one) with
# shifts within 0.01 px (our logs print 2 decimals, our stdout 3).
same_shifts() {
  awk 'NR == FNR { x[$1] = $2; y[$1] = $3; n++; next }
       { m++; if (!($1 in x) || ($2 - x[$1])^2 + ($3 - y[$1])^2 > 1e-4) {
           print "frame " $1 ": " $2 " " $3 " against " x[$1] " " y[$1]; bad = 1 } }
       END { if (n == 0 || m != n) { print n + 0 " rows against " m + 0; bad = 1 } exit bad }' "$1" "$2"
}
if ! command -v relion_run_motioncorr > /dev/null; then
  echo "relion-interop: installing Debian's relion package" >&2
  (apt-get install -y -q relion > /dev/null 2>&1 || { apt-get update -q > /dev/null && apt-get install -y -q relion > /dev/null; }) \
    || fail "cannot install Debian's relion package (apt-get install relion)"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/stillframe-relion.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p Movies MotionCorr/job002/Movies truth
run "$sf" simulate --out truth --name whole --size 1024 --frames 24 --seed 91 --dose 2 > /dev/null
run "$sf" simulate --out truth --name local --size 1024 --frames 24 --seed 92 --dose 2 --local 3 > /dev/null
mv truth/whole.mrc truth/local.mrc Movies/
cat > movies.star <<'STAR'

# version 30001

data_optics

loop_
_rlnOpticsGroupName #1
_rlnOpticsGroup #2
_rlnMicrographOriginalPixelSize #3
_rlnVoltage #4
_rlnSphericalAberration #5
_rlnAmplitudeContrast #6
opticsGroup1 1 1.000000 300.000000 2.700000 0.100000


# version 30001

data_movies

loop_
_rlnMicrographMovieName #1
_rlnOpticsGroup #2
Movies/whole.mrc 1
Movies/local.mrc 1
STAR
declare -A ours
for m in whole local; do
  patch=(); [ "$m" = local ] && patch=(-Patch 5 5)
  out=MotionCorr/job002/Movies/$m
  run "$here/bin/MotionCor2" -InMrc "Movies/$m.mrc" -OutMrc "$out.mrc" -LogFile "$out" -Gain "truth/${m}_gain.mrc" \
    -Bft 150 -PixSize 1 -kV 300 -FmDose 2 -Gpu 0 "${patch[@]}" --relion-star > "$out.out" 2> "$out.err" \
    || fail "bin/MotionCor2 on $m: $(cat "$out.err")"
  grep -q "Full-frame alignment shift" "$out.out" || fail "$m: no MotionCor2-style shift table on stdout"
  ours[$m]=$(printtable MotionCorr/job002/Movies/corrected_micrographs.star data_micrographs \
    _rlnAccumMotionTotal _rlnAccumMotionEarly _rlnAccumMotionLate) || fail "$m: cannot read our corrected_micrographs.star"
done

# 2. RELION reads our motion STAR files.
run relion_run_motioncorr --i movies.star --o MotionCorr/job002/ --use_own --only_do_unfinished --j 1 --bin_factor 1 \
  --bfactor 150 --dose_per_frame 2 --patch_x 5 --patch_y 5 --angpix 1 --voltage 300 > relion.out 2>&1 \
  || fail "relion_run_motioncorr could not read our outputs: $(tail -3 relion.out)"
grep -q "Written: MotionCorr/job002/logfile.pdf and MotionCorr/job002/corrected_micrographs.star" relion.out \
  || fail "RELION did not finish: $(tail -3 relion.out)"
for m in whole local; do
  theirs=$(printtable MotionCorr/job002/corrected_micrographs.star data_micrographs _rlnMicrographName \
    _rlnAccumMotionTotal _rlnAccumMotionEarly _rlnAccumMotionLate | awk -v m="$m" '$1 ~ "/"m".mrc$" {print $2, $3, $4}')
  [ -n "$theirs" ] || fail "$m missing from RELION's corrected_micrographs.star"
  read -r a b c <<< "${ours[$m]}"; read -r x y z <<< "$theirs"
  numbers 3 ${ours[$m]} || fail "$m: our accumulated motion is not three numbers: '${ours[$m]}'"
  numbers 3 $theirs || fail "$m: RELION's accumulated motion is not three numbers: '$theirs'"
  awk -v a="$a" -v b="$b" -v c="$c" -v x="$x" -v y="$y" -v z="$z" 'BEGIN{
    d = (a-x)^2 + (b-y)^2 + (c-z)^2; exit !(d < 1e-8) }' \
    || fail "$m: accumulated motion RELION $theirs, ours ${ours[$m]}"
  echo "relion-interop: $m: RELION read our motion STAR; accumulated motion total/early/late $theirs px (ours ${ours[$m]})"
done

# 3. Our STAR files through RELION's table reader: shifts equal our logs and match the truth.
for m in whole local; do
  star=MotionCorr/job002/Movies/$m.star
  printtable "$star" data_global_shift _rlnMicrographFrameNumber _rlnMicrographShiftX \
    _rlnMicrographShiftY > "$m.relion-shifts.txt" || fail "$m: relion_star_printtable cannot read $star"
  [ "$(wc -l < "$m.relion-shifts.txt")" = 24 ] || fail "$m: RELION reads $(wc -l < "$m.relion-shifts.txt") global shifts, not 24"
  log=MotionCorr/job002/Movies/${m}0-Full.log; [ "$m" = local ] && log=MotionCorr/job002/Movies/${m}0-Patch-Full.log
  grep -v '^#' "$log" | awk 'NF==3' > "$m.log-shifts.txt"
  same_shifts "$m.log-shifts.txt" "$m.relion-shifts.txt" || fail "$m: RELION's reading of our STAR differs from our log"
  if [ "$m" = whole ]; then
    err=$(run "$sf" accuracy "truth/${m}_truth.tsv" "$m.relion-shifts.txt" | awk '/^shift RMS error/{print $4}') \
      || fail "$m: stillframe accuracy failed"
    check_bound "$m: global shifts" "$err" 0.15
    echo "relion-interop: $m: RELION reads 24 global shifts equal to our log, $err px RMS from the truth (bound 0.15)"
  else
    # With local motion the truth is a field: global shifts (as RELION read them) plus our local model.
    err=$(run "$sf" accuracy "truth/${m}_truth.tsv" "$m.relion-shifts.txt" \
      --model "MotionCorr/job002/Movies/${m}0.model.tsv" | awk '/^field RMS/{print $4}') \
      || fail "$m: stillframe accuracy failed"
    # (a 1024² movie with 3 px of local motion; the 4096² bound of local motion is docs/benchmarks.md's)
    check_bound "$m: correction field" "$err" 0.75
    echo "relion-interop: $m: RELION reads 24 global shifts equal to our log; with our model the field is" \
      "$err px RMS from the truth (bound 0.75)"
  fi
done
n=$(printtable MotionCorr/job002/Movies/local.star data_local_motion_model _rlnMotionModelCoeffsIdx \
  _rlnMotionModelCoeff | wc -l)
[ "$n" = 36 ] || fail "local: RELION reads $n local-model coefficients, not 36"
echo "relion-interop: local: RELION reads the 36 coefficients of our local motion model"
run relion_star_handler --i MotionCorr/job002/Movies/corrected_micrographs.star --o handled.star > handler.out 2>&1 \
  || fail "relion_star_handler cannot read our corrected_micrographs.star: $(tail -2 handler.out)"

# 4. RELION driving bin/MotionCor2 itself.
set +e
run relion_run_motioncorr --i movies.star --o MotionCorr/job003/ --use_motioncor2 --motioncor2_exe "$here/bin/MotionCor2" \
  --bin_factor 1 --bfactor 150 --dose_per_frame 2 --patch_x 5 --patch_y 5 --angpix 1 --voltage 300 --gpu 0 \
  > relion-mc2.out 2>&1
status=$?
set -e
if [ "$status" = 136 ] || grep -q "Floating point exception" relion-mc2.out; then
  echo "relion-interop: SKIPPED --use_motioncor2: this RELION build stops with SIGFPE in executeMotioncor2 before" \
    "calling any executable (Debian's CPU-only relion 3.1.3; needs a CUDA build of RELION)"
elif [ "$status" = 0 ]; then
  for m in whole local; do
    printtable "MotionCorr/job003/Movies/$m.star" data_global_shift _rlnMicrographFrameNumber \
      _rlnMicrographShiftX _rlnMicrographShiftY > "$m.mc2.txt"
    err=$(run "$sf" accuracy "truth/${m}_truth.tsv" "$m.mc2.txt" | awk '/^shift RMS error/{print $4}') \
      || fail "$m: stillframe accuracy failed"
    check_bound "$m via --use_motioncor2" "$err" 0.15
    echo "relion-interop: $m via RELION --use_motioncor2: $err px RMS from the truth"
  done
else
  fail "relion_run_motioncorr --use_motioncor2 failed ($status): $(tail -3 relion-mc2.out)"
fi
echo "relion-interop: OK"
