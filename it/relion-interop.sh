#!/usr/bin/env bash
# Integration test against RELION 3.1 (Debian's relion package and gdb; installed here if missing), run by .ci/run.
#  1. Two simulated movies (one with local motion) are corrected by bin/MotionCor2 (stillframe's drop-in) exactly as
#     RELION's "use MOTIONCOR2" mode calls it (-InMrc -OutMrc -LogFile -Bft -PixSize -kV -FmDose -Patch -FmRef 0
#     -Gpu) plus --relion-star, into a RELION job folder.
#  2. relion_run_motioncorr --only_do_unfinished then finds every movie done and reads our per-movie motion STAR
#     files with RELION's own Micrograph reader (the one Bayesian polishing uses) to write its
#     corrected_micrographs.star: it must finish without error and report the accumulated motion we report.
#  3. relion_star_printtable reads our global shifts and local model: they must equal our logs and match the
#     simulator's truth within the skeleton's bound (0.15 px RMS).
#  4. relion_run_motioncorr --use_motioncor2 --motioncor2_exe bin/MotionCor2 runs our executable itself, once per
#     movie: whole-frame (-Patch 1 1) and with patches (-Patch 5 5), each with its movie's gain. Debian's CPU-only
#     RELION 3.1.3 would stop with SIGFPE in MotioncorrRunner::executeMotioncor2 (`rank % devCount`: devCount is
#     only set by cudaGetDeviceCount in CUDA builds), so it runs under gdb, which sets that int member to 1 on entry
#     to executeMotioncor2; its offset in the object is read from the binary (the divisor of the one 32-bit
#     division by a member of `this` in that function). RELION must finish, write a motion STAR per movie whose
#     global shifts (the ones it parsed from our stdout) equal our logs and step 1's shifts and match the truth
#     (whole: 0.15 px RMS; local: with our local model, 0.75 px RMS over the field), and read our patch log's
#     local shifts. Skipped, saying so, only where gdb cannot be installed.
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
  (apt-get install -y -q relion gdb > /dev/null 2>&1 || { apt-get update -q > /dev/null && apt-get install -y -q relion gdb > /dev/null; }) \
    || fail "cannot install Debian's relion package (apt-get install relion)"
fi
if ! command -v gdb > /dev/null; then
  echo "relion-interop: installing gdb (step 4 runs RELION's MotionCor2 mode under it)" >&2
  apt-get install -y -q gdb > /dev/null 2>&1 || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q gdb > /dev/null 2>&1; } \
    || echo "relion-interop: cannot install gdb (apt-get install gdb)" >&2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/stillframe-relion.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p Movies MotionCorr/job002/Movies truth
run "$sf" simulate --out truth --name whole --size 1024 --frames 24 --seed 91 --dose 2 > /dev/null
run "$sf" simulate --out truth --name local --size 1024 --frames 24 --seed 92 --dose 2 --local 3 > /dev/null
mv truth/whole.mrc truth/local.mrc Movies/
# movies_star PIXEL_SIZE KV MOVIE...: a RELION 3.1 movies STAR of the given movies (shared with bench/relion-own.sh).
. "$here/it/lib/movies-star.sh"
movies_star 1.000000 300.000000 Movies/whole.mrc Movies/local.mrc > movies.star
declare -A ours
for m in whole local; do
  patch=(); [ "$m" = local ] && patch=(-Patch 5 5)
  out=MotionCorr/job002/Movies/$m
  run "$here/bin/MotionCor2" -InMrc "Movies/$m.mrc" -OutMrc "$out.mrc" -LogFile "$out" -Gain "truth/${m}_gain.mrc" \
    -Bft 150 -PixSize 1 -kV 300 -FmDose 2 -FmRef 0 -Gpu 0 "${patch[@]}" --relion-star > "$out.out" 2> "$out.err" \
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

# 4. RELION's own "use MOTIONCOR2" mode runs bin/MotionCor2 (under gdb, see the top).
if ! command -v gdb > /dev/null; then
  echo "relion-interop: SKIPPED --use_motioncor2: gdb could not be installed, and this RELION build (Debian's" \
    "CPU-only relion 3.1.3) stops with SIGFPE in executeMotioncor2 unless gdb sets its GPU count"
  echo "relion-interop: OK"
  exit 0
fi
relion=$(command -v relion_run_motioncorr)
fn="MotioncorrRunner::executeMotioncor2(Micrograph&, int)"
gdb_=(gdb -batch -nx -iex "set debuginfod enabled off" -iex "set pagination off" -iex "set confirm off")
# Debian's relion has no debug info (only a .gnu_debuglink), so the member is found from the code, not symbols.
# The function copies `this` (%rdi) into a register before its first call and later divides the rank by devCount:
# the one 32-bit division whose divisor is a member of `this` names the member's offset.
run "${gdb_[@]}" -ex "disassemble '$fn'" "$relion" > disassembly.txt 2>&1 || true
found=$(awk '
  $3 ~ /^call/ { called = 1 }
  !called && this == "" && $3 == "mov" && $4 ~ /^%rdi,%r[a-z0-9]+$/ { this = substr($4, 6); next }
  this != "" && ($3 == "idivl" || $3 == "divl") && index($4, "(" this ")") && $4 ~ /^0x[0-9a-f]+\(/ {
    off = substr($4, 1, index($4, "(") - 1); if (!(off in seen)) { seen[off]; n++; hit = off " " $3 " " $4 " " $2 } }
  END { if (n == 1 && this != "") print hit, this; else exit 1 }' disassembly.txt) || found=
if [ -n "$found" ]; then
  read -r offset insn operand at thisreg <<< "$found"
  how="found in the binary: '$insn $operand' at executeMotioncor2${at%:}, $thisreg holding this (copied from %rdi)"
else
  offset=0x7b0
  how="NOT found in the binary, so 0x7b0 (its offset in Debian's relion 3.1.3) is assumed"
  echo "relion-interop: WARNING: no single 32-bit division by a member of this in executeMotioncor2's disassembly" \
    "($(wc -l < disassembly.txt) lines; gdb: $(head -1 disassembly.txt))" >&2
fi
echo "relion-interop: RELION's MotioncorrRunner::devCount is the int at this+$offset, $how"
cat > devcount.gdb <<GDB
break *'$fn'
commands
silent
printf "relion-interop-gdb: set MotioncorrRunner::devCount (int at this+$offset) from %d to 1\\n", *(int*)(\$rdi + $offset)
set var *(int*)(\$rdi + $offset) = 1
continue
end
run
if \$_isvoid(\$_exitcode)
  printf "relion-interop-gdb: relion_run_motioncorr did not exit (stopped by a signal)\\n"
  quit 97
end
quit \$_exitcode
GDB
job=3
for m in whole local; do
  px=1; [ "$m" = local ] && px=5
  dir=MotionCorr/job00$job; job=$((job + 1))
  movies_star 1.000000 300.000000 "Movies/$m.mrc" > "movies-$m.star"
  run "${gdb_[@]}" -x devcount.gdb --args "$relion" --i "movies-$m.star" --o "$dir/" --use_motioncor2 \
    --motioncor2_exe "$here/bin/MotionCor2" --gainref "truth/${m}_gain.mrc" --bin_factor 1 --bfactor 150 \
    --dose_per_frame 2 --patch_x $px --patch_y $px --angpix 1 --voltage 300 --gpu 0 > "$m.mc2.out" 2>&1 \
    || fail "$m: relion_run_motioncorr --use_motioncor2 under gdb failed ($?): $(grep -v ' sec ' "$m.mc2.out" | tail -4)"
  set_line=$(grep -o 'relion-interop-gdb: set MotioncorrRunner::devCount.*' "$m.mc2.out") \
    || fail "$m: gdb never reached executeMotioncor2: $(grep -v ' sec ' "$m.mc2.out" | tail -4)"
  echo "relion-interop: $m: under gdb, ${set_line#relion-interop-gdb: }, on entry to executeMotioncor2"
  grep -q "Written: $dir/logfile.pdf and $dir/corrected_micrographs.star" "$m.mc2.out" \
    || fail "$m: RELION's MotionCor2 mode did not finish: $(grep -v ' sec ' "$m.mc2.out" | tail -3)"
  grep -q -- "bin/MotionCor2 .*-Patch $px $px .*-FmRef 0" "$dir/Movies/$m.com" \
    || fail "$m: RELION did not run bin/MotionCor2 with -Patch $px $px: $(cat "$dir/Movies/$m.com" 2>/dev/null)"
  star=$dir/Movies/$m.star
  [ -s "$star" ] || fail "$m: RELION wrote no motion STAR $star"
  printtable "$dir/corrected_micrographs.star" data_micrographs _rlnMicrographMetadata | grep -qx "$star" \
    || fail "$m: RELION's corrected_micrographs.star does not list $star"
  printtable "$star" data_global_shift _rlnMicrographFrameNumber _rlnMicrographShiftX _rlnMicrographShiftY \
    > "$m.mc2.txt" || fail "$m: relion_star_printtable cannot read $star"
  [ "$(wc -l < "$m.mc2.txt")" = 24 ] || fail "$m: RELION's MotionCor2 mode read $(wc -l < "$m.mc2.txt") global shifts, not 24"
  log=$dir/Movies/${m}0-Full.log; [ "$m" = local ] && log=$dir/Movies/${m}0-Patch-Full.log
  grep -v '^#' "$log" | awk 'NF==3' > "$m.mc2-log.txt"
  same_shifts "$m.mc2-log.txt" "$m.mc2.txt" || fail "$m: the shifts RELION parsed from our stdout differ from our log"
  same_shifts "$m.log-shifts.txt" "$m.mc2.txt" || fail "$m: the shifts RELION parsed differ from step 1's (ours)"
  if [ "$m" = whole ]; then
    err=$(run "$sf" accuracy "truth/${m}_truth.tsv" "$m.mc2.txt" | awk '/^shift RMS error/{print $4}') \
      || fail "$m: stillframe accuracy failed"
    check_bound "$m via --use_motioncor2: global shifts" "$err" 0.15
    echo "relion-interop: $m via RELION --use_motioncor2 (-Patch 1 1): RELION parsed 24 global shifts equal to" \
      "our log and step 1's, $err px RMS from the truth (bound 0.15)"
  else
    n=$(printtable "$star" data_local_shift _rlnMicrographFrameNumber _rlnCoordinateX _rlnCoordinateY \
      _rlnMicrographShiftX _rlnMicrographShiftY | tee "$m.mc2-local.txt" | wc -l)
    [ "$n" = 600 ] || fail "$m: RELION read $n local shifts from our patch log, not 25 patches x 24 frames"
    ! grep -q "failed to load local shifts" "$m.mc2.out" || fail "$m: RELION could not read our patch log"
    paste "$m.mc2-local.txt" <(grep -v '^#' "$dir/Movies/${m}0-Patch-Patch.log" | awk 'NF==7') | awk '
      NF != 12 || ($1-$6)^2 + ($2-$7)^2 + ($3-$8)^2 + ($4-$9)^2 + ($5-$10)^2 > 1e-4 { print; bad = 1 } END { exit bad }' \
      > local-diff.txt || fail "$m: RELION's local shifts differ from our patch log: $(head -2 local-diff.txt)"
    err=$(run "$sf" accuracy "truth/${m}_truth.tsv" "$m.mc2.txt" --model "$dir/Movies/${m}0.model.tsv" \
      | awk '/^field RMS/{print $4}') || fail "$m: stillframe accuracy failed"
    check_bound "$m via --use_motioncor2: correction field" "$err" 0.75
    echo "relion-interop: $m via RELION --use_motioncor2 (-Patch 5 5): RELION parsed 24 global shifts equal to" \
      "our log and step 1's and 600 local shifts equal to our patch log; with our model the field is $err px RMS" \
      "from the truth (bound 0.75)"
  fi
done
echo "relion-interop: OK"
