#!/usr/bin/env bash
# Per-movie speed and memory against RELION 3.1's own motion correction (issue 20). For each case stillframe and
# RELION run on the same simulated movie(s) and cores: one warm-up each (page cache, FFTW wisdom), then REPEATS
# rounds alternating the two; the table gives the medians of wall time (whole command, JVM start included) and
# peak memory (maximum resident set), their ratios, and each program's shift error against the truth (last run).
#
#   bench/speed.sh [CASE ...]      cases (default all):
#     w2k    2048² × 40, whole frame           w4k   4096² × 40, whole frame
#     p4k    4096² × 40 with -Patch 5 5 (RELION --patch 5x5), 4 px local motion
#     s2k    2048² × 20, whole frame           k3    5760 × 4092 × 50 (K3 size), whole frame
#     tilts  41 tilts × 1024² × 8 frames (2 Å/px, 0.4 e/Å² per frame, 8 px drift): `stillframe tilts` (stack and even/odd halves) against RELION over the
#            same 41 movies in one run
#
# Environment: BENCH_DIR (bench/work), THREADS (2), REPEATS (3), TIMEOUT (s per command, 1800).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}/speed
threads=${THREADS:-2}; repeats=${REPEATS:-3}; limit=${TIMEOUT:-1800}
cases=("$@"); [ ${#cases[@]} -gt 0 ] || cases=(w2k w4k p4k s2k k3 tilts)
command -v /usr/bin/time > /dev/null || { echo "bench/speed.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
. "$here/it/lib/movies-star.sh"
mkdir -p "$work"
"$sf" --version > /dev/null # builds the jar (and its class archive) first if needed, outside the timings

# measure LOG CMD...: runs CMD under /usr/bin/time; prints "wall_s peak_gb"
measure() {
  local log=$1; shift
  # The previous run's outputs (1.5 GB for the tilt series) are flushed to disk first, so that their write-back
  # does not land on the next program's run (the disk is slow: up to 50 % I/O wait while it flushes).
  sync
  /usr/bin/time -v -o "$log.time" timeout "$limit" bash -c '"$@"' _ "$@" > "$log" 2>&1 || {
    echo "bench/speed.sh: failed: $* (see $log)" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; w=s}
              /Maximum resident set size/{m=$2/1048576} END{printf "%.2f %.3f\n", w, m}' "$log.time"
}
median() { sort -g | awk '{a[NR]=$1} END{print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# simulate NAME SIZE FRAMES [simulate options...]: one movie in $work (kept between runs)
simulate() {
  local name=$1 size=$2 frames=$3; shift 3
  [ -f "$work/$name.mrc" ] || timeout "$limit" "$sf" simulate --out "$work" --name "$name" --size "$size" \
      --frames "$frames" --threads "$threads" "$@" > /dev/null
}

# RELION over movies already linked under DIR/Movies (movies.star written here); extra args after DIR
relion_run() {
  local dir=$1; shift
  (cd "$dir" && rm -rf MotionCorr && relion_run_motioncorr --i movies.star --o MotionCorr/ --use_own \
      --j "$threads" --bin_factor 1 --bfactor 150 --angpix "${ANGPIX:-1}" --voltage 300 --dose_per_frame 1 "$@")
}

export -f relion_run; export threads ANGPIX

# compare LABEL SF_CMD_FN RELION_CMD_FN SF_SHIFTS_FN RELION_SHIFTS_FN: the alternating rounds and the table rows
compare() {
  local label=$1 sfrun=$2 rrun=$3 sferr=$4 rerr=$5 r w m
  local -a sw sm rw rm
  $sfrun "$work/log.sf.warm" > /dev/null
  $rrun "$work/log.relion.warm" > /dev/null
  # Which program goes first alternates by round, so that neither always follows the other (and its write-back).
  for r in $(seq 1 "$repeats"); do
    if (( r % 2 == 0 )); then read -r w m < <($rrun "$work/log.relion.$r"); rw+=("$w"); rm+=("$m"); fi
    read -r w m < <($sfrun "$work/log.sf.$r"); sw+=("$w"); sm+=("$m")
    if (( r % 2 == 1 )); then read -r w m < <($rrun "$work/log.relion.$r"); rw+=("$w"); rm+=("$m"); fi
  done
  local sfw sfm rlw rlm
  sfw=$(printf '%s\n' "${sw[@]}" | median); sfm=$(printf '%s\n' "${sm[@]}" | median)
  rlw=$(printf '%s\n' "${rw[@]}" | median); rlm=$(printf '%s\n' "${rm[@]}" | median)
  printf "| %s | stillframe | %.2f | %.2f | %s | %s |\n" "$label" "$sfw" "$sfm" "$($sferr)" "${sw[*]}"
  printf "| %s | RELION 3.1 --use_own --j %s | %.2f | %.2f | %s | %s |\n" "$label" "$threads" "$rlw" "$rlm" \
      "$($rerr)" "${rw[*]}"
  awk -v a="$sfw" -v b="$rlw" -v c="$sfm" -v d="$rlm" -v l="$label" \
      'BEGIN{printf "| %s | **stillframe / RELION** | **%.2f** | **%.2f** | | |\n", l, a/b, c/d}'
}

# one movie NAME: stillframe motioncor FLAGS... and RELION (RELION_ARGS) on it
one_movie() {
  local label=$1 name=$2 relion_args=$3; shift 3
  sf_flags=("$@")
  mkdir -p "$work/sf_$name" "$work/relion_$name/Movies"
  ln -sf "$work/$name.mrc" "$work/relion_$name/Movies/$name.mrc"
  movies_star 1 300 "Movies/$name.mrc" > "$work/relion_$name/movies.star"
  gain_args=(); relion_gain=()
  if [ -f "$work/${name}_gain.mrc" ]; then
    gain_args=(-Gain "$work/${name}_gain.mrc"); relion_gain=(--gainref "$work/${name}_gain.mrc")
  fi
  NAME=$name RELION_ARGS=$relion_args compare "$label" sf_one relion_one sf_one_err relion_one_err
}
sf_one() {
  measure "$1" "$sf" motioncor -InMrc "$work/$NAME.mrc" -OutMrc "$work/sf_$NAME/$NAME.mrc" "${gain_args[@]}" \
      -LogDir "$work/sf_$NAME" -Threads "$threads" "${sf_flags[@]}"
}
relion_one() {
  # shellcheck disable=SC2086
  measure "$1" relion_run "$work/relion_$NAME" "${relion_gain[@]}" $RELION_ARGS
}
sf_one_err() {
  local log="$work/sf_$NAME/$NAME-Full.log"
  [ -f "$log" ] || log="$work/sf_$NAME/$NAME-Patch-Full.log" # -Patch: the global shifts' log
  "$sf" accuracy "$work/${NAME}_truth.tsv" "$log" | awk '/^shift RMS/{print $4}'
}
relion_one_err() {
  awk '/data_global_shift/{f=1; next} f && /^data_/{exit} f && NF==3 && $1 ~ /^[0-9]+$/ {print $1, $2, $3}' \
      "$work/relion_$NAME/MotionCorr/Movies/$NAME.star" > "$work/relion_$NAME/shifts.txt"
  "$sf" accuracy "$work/${NAME}_truth.tsv" "$work/relion_$NAME/shifts.txt" | awk '/^shift RMS/{print $4}'
}

# the tilt series: 41 movies of 1024² × 8 at 0.4 e/Å² per frame, an mdoc for stillframe, one movies.star for RELION
tilt_series() {
  local dir="$work/tilts" z
  mkdir -p "$dir/frames" "$dir/relion/Movies"
  if [ ! -f "$dir/frames/TS.mrc.mdoc" ]; then
    printf "PixelSpacing = 2\n\n" > "$dir/mdoc.tmp"
    for z in $(seq 0 40); do
      timeout "$limit" "$sf" simulate --out "$dir/truth" --name "TS_$z" --size 1024 --frames 8 --dose 0.4 \
          --pixel-size 2 --seed $((5000 + z)) --drift 8 --no-gain --threads "$threads" > /dev/null
      mv "$dir/truth/TS_$z.mrc" "$dir/frames/"
      printf '[ZValue = %d]\nTiltAngle = %s\nExposureDose = 3.2\nSubFramePath = X:\\frames\\TS_%d.mrc\nNumSubFrames = 8\n\n' \
          "$z" $(( (z % 2 ? -1 : 1) * 3 * ((z + 1) / 2) )) "$z" >> "$dir/mdoc.tmp"
    done
    mv "$dir/mdoc.tmp" "$dir/frames/TS.mrc.mdoc"
  fi
  local movies=()
  for z in $(seq 0 40); do
    ln -sf "$dir/frames/TS_$z.mrc" "$dir/relion/Movies/TS_$z.mrc"; movies+=("Movies/TS_$z.mrc")
  done
  movies_star 2 300 "${movies[@]}" > "$dir/relion/movies.star"
  compare "41 tilts × 1024² × 8" sf_tilts relion_tilts tilts_err relion_tilts_err
}
sf_tilts() {
  rm -rf "$work/tilts/out"
  measure "$1" "$sf" tilts --mdoc "$work/tilts/frames/TS.mrc.mdoc" --out "$work/tilts/out" --threads "$threads" \
      -- -PixSize 2 -Kv 300 -LogDir "$work/tilts/out/logs"
}
relion_tilts() { ANGPIX=2 measure "$1" relion_run "$work/tilts/relion" --dose_per_frame 0.4; }
tilts_err() {
  local z
  for z in $(seq 0 40); do
    "$sf" accuracy "$work/tilts/truth/TS_${z}_truth.tsv" "$work/tilts/out/logs/TS_$z-Full.log" 2>/dev/null \
        | awk '/^shift RMS/{print $4}'
  done | median
}
relion_tilts_err() {
  local z
  for z in $(seq 0 40); do
    awk '/data_global_shift/{f=1; next} f && /^data_/{exit} f && NF==3 && $1 ~ /^[0-9]+$/ {print $1, $2, $3}' \
        "$work/tilts/relion/MotionCorr/Movies/TS_$z.star" > "$work/tilts/relion/shifts_$z.txt"
    "$sf" accuracy "$work/tilts/truth/TS_${z}_truth.tsv" "$work/tilts/relion/shifts_$z.txt" \
        | awk '/^shift RMS/{print $4}'
  done | median
}

echo "| case | program | wall s (median) | peak GB (median) | shift RMS px | wall s, each round |"
echo "|---|---|---|---|---|---|"
for c in "${cases[@]}"; do
  case $c in
    w2k) simulate speed2k 2048 40 --seed 2048; one_movie "2048² × 40" speed2k "" ;;
    w4k) simulate speed4k 4096 40 --seed 4096; one_movie "4096² × 40" speed4k "" ;;
    p4k) simulate local4k 4096 40 --seed 4242 --local 4
         one_movie "4096² × 40, 5 × 5 patches" local4k "--patch_x 5 --patch_y 5" -Patch 5 5 ;;
    s2k) simulate short2k 2048 20 --seed 2020; one_movie "2048² × 20" short2k "" ;;
    k3) simulate k3 5760x4092 50 --seed 5760; one_movie "5760 × 4092 × 50" k3 "" ;;
    tilts) tilt_series ;;
    *) echo "bench/speed.sh: unknown case $c" >&2; exit 2 ;;
  esac
done
