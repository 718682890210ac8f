#!/usr/bin/env bash
# Reference-based motion correction (issues 11, 22): stillframe's `particles local` and `particles polish` beside
# RELION 3.1's Bayesian polishing (relion_motion_refine) on one simulated dataset, scored alike.
#
# Dataset: one movie 2048² x 40 frames, 1.5 A/px, 1 e/A^2/frame, 300 kV, radiation damage, 150 particles of one
# density (60 A across) at random orientations with their own, spatially correlated motion (1.5 px) on 15 px of
# drift; half-maps with independent noise (`--half-map-fsc 0.5`: inside the soft spherical mask their FSC is
# 0.99 / 0.92 / 0.73 / 0.56 at 0.25 / 0.5 / 0.75 / 0.9 Nyquist, a refinement's curve; the printed FSC line is
# measured by stillframe on the masked halves). Each program gets the same picks (RELION's in its own micrograph, aligned to frame 1) and poses.
#
# How to read the output:
#  - "RMS px": RMS over particles and frames of (found - true) correction, relative to the frame each program's
#    micrograph is registered to (`stillframe particles accuracy`); "offset removed": the same after subtracting
#    each particle's mean error (shape of the trajectory only); "movie motion alone": the error left by the
#    program's own whole-frame + patch motion (no per-particle step).
#  - score = 1 - RMS(method) / RMS(movie motion alone): 0 = no better than the program's own patch motion, 1 = the
#    truth, < 0 = worse than patch motion. Each program is scored against its own patch motion, which differ:
#    RELION's (a polynomial of position, quadratic) cannot follow motion that varies over ~400 px, stillframe's
#    patch motion can, so the last column scores every method against the best movie motion of the three.
#  - dose-weighted signal score (`particles accuracy --dose`): the fraction of a particle's signal a dose-weighted sum
#    keeps along the trajectories (frames weighted by Grant & Grigorieff's amplitude, a flat spectrum from 30 A to
#    Nyquist, each particle's mean error removed), as (kept - kept by the program's movie motion) / (1 - that):
#    0 = no better than its patch motion, 1 = perfect. It weighs early frames most, as the particle images do; the
#    RMS weighs every frame alike.
#  - wall s / peak GB: /usr/bin/time -v of the one command, THREADS threads each. stillframe's commands include
#    their own patch motion; "RELION polishing" times relion_motion_refine alone (with --combine_frames), and
#    relion_run_motioncorr (its patch motion, an input to polishing) and relion_postprocess (the FSC it needs)
#    are listed under the table.
#  - RELION's tracks are converted by `particles accuracy --relion-tracks` (org.stillframe.relion.RelionTracks:
#    Angstrom positions relative to the whole pixel each box is cut at -> px corrections relative to frame 1, with
#    RELION's own patch motion as the movie motion); the sign check line scores them with the opposite sign
#    too (a correct conversion is many times better), and the last line says whether each method's own-motion
#    corrections point the way the true ones do (1 = always, 0 = unrelated).
# Env: BENCH_DIR (default bench/work), THREADS (default 2), TIMEOUT (s per command, default 1800); another dataset:
# FRAMES (40), DOSE (e/A^2 per frame, 1), PARTICLES (150), SEED (31), OWN_DECAY (the particles' own motion's time
# constant in frames, 0 = drawn from 2-6, a burst; 400 = steady), each combination in its own folder. Prints
# markdown.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
frames=${FRAMES:-40}
dose=${DOSE:-1}
particles=${PARTICLES:-150}
seed=${SEED:-31}
decay=${OWN_DECAY:-0}
suffix=$([ "$frames/$dose/$particles/$seed" = 40/1/150/31 ] || echo "_${frames}x${dose}_${particles}_s$seed")
[ "$decay" = 0 ] || suffix="${suffix:-_${frames}x${dose}_${particles}_s$seed}_d$decay"
work=${BENCH_DIR:-$here/bench/work}/polish$suffix
threads=${THREADS:-2}
limit=${TIMEOUT:-1800}
name=pol
mkdir -p "$work"
work=$(cd "$work" && pwd)
flags=(-PixSize 1.5 -Kv 300 -FmDose "$dose")

[ -f "$work/$name.mrc" ] && [ -f "$work/${name}_mask.mrc" ] || timeout "$limit" "$sf" simulate --out "$work" \
    --name "$name" --size 2048 --frames "$frames" --pixel-size 1.5 --dose "$dose" --voltage 300 --drift 15 \
    --particle-motion 1.5 --particle-motion-decay "$decay" --contrast 0.08 --damage --no-gain --projections "$particles" \
    --half-map-fsc 0.5 --seed "$seed" \
    --threads "$threads" > /dev/null

# timed TAG CMD...: runs CMD under timeout and /usr/bin/time -v (log in $work/log.TAG.txt); prints "wall_s peak_GB"
timed() {
  local tag=$1; shift
  /usr/bin/time -v -o "$work/time.$tag.txt" timeout "$limit" "$@" > "$work/log.$tag.txt" 2>&1 || {
    echo "bench/polish.sh: $tag failed (exit $?); see $work/log.$tag.txt" >&2; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; w=s}
    /Maximum resident set size/{m=$2/1048576} END{printf "%.1f %.2f\n", w, m}' "$work/time.$tag.txt"
}
# accuracy TRAJECTORIES: "RMS offset-removed movie-alone kept-score" of all particles
accuracy() {
  "$sf" particles accuracy "$work/${name}_particles_truth.tsv" "$1" --dose "$dose" --pixel-size 1.5 \
      | awk -F'\t' '$1=="all"{print $4, $5, $6, $9}'
}
# cosine TRAJECTORIES: per particle, the cosine between the found and the true correction of the particle's own
# motion at the last frame against frame 1 (each total correction minus the true one averaged over particles, which
# is the drift); the mean over particles. Method-independent: it does not use the programs' movie-motion split.
cosine() {
  awk -F'\t' -v last="$frames" '
    FNR == NR { if ($1 ~ /^[0-9]+$/ && $5 == last) { tx[$1] = $6; ty[$1] = $7; mx += $6; my += $7; m++ } next }
    FNR == 1 { mx /= m; my /= m }
    $1 ~ /^[0-9]+$/ && $4 == 1 { fx[$1] = $5; fy[$1] = $6 }
    $1 ~ /^[0-9]+$/ && $4 == last { dx = $5 - fx[$1] - mx; dy = $6 - fy[$1] - my; ox = tx[$1] - mx; oy = ty[$1] - my
                                   d = sqrt(dx * dx + dy * dy) * sqrt(ox * ox + oy * oy)
                                   if (d > 0) { c += (dx * ox + dy * oy) / d; n++ } }
    END { printf "%.2f", c / n }' "$work/${name}_particles_truth.tsv" "$1"
}

# (a) per-particle tracking, no reference
rm -rf "$work/out_local"
read -r lw lm < <(timed local "$sf" particles local --movies "$work/$name.mrc" --picks "$work/${name}_particles.star" \
    --out "$work/out_local" --box 96 --diameter 60 --threads "$threads" --plots 0 -- "${flags[@]}")
read -r lr lc la lk < <(accuracy "$work/out_local/Particles/${name}_trajectories.tsv")

# (b) stillframe polishing against the noisy half-maps (hyperparameters by its cross-validation search)
rm -rf "$work/out_polish"
read -r pw pm < <(timed polish "$sf" particles polish --movies "$work/$name.mrc" \
    --particles "$work/${name}_particles.star" --half1 "$work/${name}_half1.mrc" --half2 "$work/${name}_half2.mrc" \
    --mask "$work/${name}_mask.mrc" --out "$work/out_polish" --box 96 --diameter 60 --threads "$threads" --plots 0 \
    -- "${flags[@]}")
read -r pr pc pa pk < <(accuracy "$work/out_polish/Polish/${name}_polished_trajectories.tsv")

# (c) RELION 3.1: postprocess (FSC) -> own motion correction (5 x 5 patches, as ours) -> motion_refine with its
# default priors (s_vel 0.5, s_div 5000, s_acc 2) and its own B-factor weights (--combine_frames).
relion_ok=0
rel="$work/relion"
if command -v relion_motion_refine > /dev/null && command -v relion_run_motioncorr > /dev/null; then
  rm -rf "$rel"; mkdir -p "$rel/Movies" "$rel/PostProcess" "$rel/Polish"
  ln -s "$work/$name.mrc" "$rel/Movies/$name.mrc"
  for f in half1 half2 mask; do ln -s "$work/${name}_$f.mrc" "$rel/${name}_$f.mrc"; done
  optics="opticsGroup1 1 1.5 300 2.7 0.1"
  printf '\n# version 30001\n\ndata_optics\n\nloop_\n_rlnOpticsGroupName #1\n_rlnOpticsGroup #2
_rlnMicrographOriginalPixelSize #3\n_rlnVoltage #4\n_rlnSphericalAberration #5\n_rlnAmplitudeContrast #6\n%s\n
\n# version 30001\n\ndata_movies\n\nloop_\n_rlnMicrographMovieName #1\n_rlnOpticsGroup #2\nMovies/%s.mrc 1\n' \
      "$optics" "$name" > "$rel/movies.star"
  # RELION's particles: its optics need the image size and pixel size; coordinates are where each particle lies in
  # RELION's micrograph (aligned to frame 1), i.e. its frame-1 position (the truth table's x, y), as our picks are
  # where it lies in ours (aligned to the -FmRef frame); poses, defocus and half sets as given to stillframe.
  {
    printf '\n# version 30001\n\ndata_optics\n\nloop_\n_rlnOpticsGroupName #1\n_rlnOpticsGroup #2
_rlnMicrographOriginalPixelSize #3\n_rlnVoltage #4\n_rlnSphericalAberration #5\n_rlnAmplitudeContrast #6
_rlnImagePixelSize #7\n_rlnImageSize #8\n_rlnImageDimensionality #9\n%s 1.5 96 2\n\n\n# version 30001\n
data_particles\n\nloop_\n' "$optics"
    i=1; for l in MicrographName CoordinateX CoordinateY AngleRot AngleTilt AnglePsi DefocusU DefocusV DefocusAngle \
        RandomSubset OpticsGroup OriginXAngst OriginYAngst ImageName; do echo "_rln$l #$i"; i=$((i + 1)); done
    awk -v mic="MotionCorr/Movies/$name.mrc" -v stack="Particles/$name.mrcs" '
      FNR == NR { if ($0 !~ /^#/ && $1 != "particle" && $5 == 1) { x[$1] = $2; y[$1] = $3 } next }
      /^ *[^ #_].*\.mrc / { n++; printf "%s %s %s %s %s %s %s %s %s %s %s 0 0 %06d@%s\n", mic, x[n], y[n], $4, $5, $6,
                            $7, $8, $9, $10, $11, n, stack }' \
      "$work/${name}_particles_truth.tsv" "$work/${name}_particles.star"
  } > "$rel/particles.star"
  cd "$rel"
  if read -r ppw ppm < <(timed relion_post relion_postprocess --i "${name}_half1.mrc" --i2 "${name}_half2.mrc" \
        --mask "${name}_mask.mrc" --angpix 1.5 --o PostProcess/postprocess --auto_bfac false --adhoc_bfac 0) \
     && read -r mw mm < <(timed relion_mc relion_run_motioncorr --i movies.star --o MotionCorr/ --use_own \
        --j "$threads" --bin_factor 1 --bfactor 150 --patch_x 5 --patch_y 5 --angpix 1.5 --voltage 300 \
        --dose_per_frame "$dose") \
     && read -r rw rm_ < <(timed relion_polish relion_motion_refine --i particles.star --o Polish/ \
        --f PostProcess/postprocess.star --m1 "${name}_half1.mrc" --m2 "${name}_half2.mrc" --mask "${name}_mask.mrc" \
        --angpix_ref 1.5 --corr_mic MotionCorr/corrected_micrographs.star --fdose "$dose" --combine_frames \
        --j "$threads"); then
    "$sf" particles accuracy "$work/${name}_particles_truth.tsv" "Polish/MotionCorr/Movies/${name}_tracks.star" \
        --relion-tracks --relion-particles particles.star --relion-motion "MotionCorr/Movies/$name.star" \
        --write-trajectories "$rel/trajectories.tsv" > /dev/null
    read -r rr rc ra rk < <(accuracy "$rel/trajectories.tsv")
    # The sign check: the same trajectories with the opposite sign (shift columns negated).
    awk -F'\t' -v OFS='\t' '$1 ~ /^[0-9]+$/ { $5 = -$5; $6 = -$6 } { print }' "$rel/trajectories.tsv" \
        > "$rel/trajectories_flipped.tsv"
    read -r fr _ _ _ < <(accuracy "$rel/trajectories_flipped.tsv")
    relion_ok=1
  fi
  cd "$here"
else
  echo "bench/polish.sh: RELION 3.1 (relion_motion_refine, relion_run_motioncorr) not found: RELION skipped" >&2
fi

score() { awk -v m="$1" -v a="$2" 'BEGIN{printf "%.2f", 1 - m / a}'; }
best=$(printf '%s\n' "$la" "$pa" ${ra:+"$ra"} | sort -g | head -1)
row() { # METHOD RMS CENTRED MOVIE WALL PEAK KEPT
  echo "| $1 | $2 | $(score "$2" "$4") | $5 | $6 | $3 | $4 | $(score "$2" "$best") | $7 |"
}
echo "| method | RMS px | score | wall s | peak GB | RMS offset removed px | movie motion alone RMS px | score against the best movie motion, $best px | dose-weighted signal score |"
echo "|---|---|---|---|---|---|---|---|---|"
row "stillframe particles local" "$lr" "$lc" "$la" "$lw" "$lm" "$lk"
row "stillframe particles polish" "$pr" "$pc" "$pa" "$pw" "$pm" "$pk"
if [ "$relion_ok" = 1 ]; then
  row "RELION 3.1 polishing (relion_motion_refine)" "$rr" "$rc" "$ra" "$rw" "$rm_" "$rk"
  echo
  echo "RELION inputs, timed apart: relion_run_motioncorr --use_own 5 x 5 ${mw} s, ${mm} GB; relion_postprocess ${ppw} s."
  echo "Sign check: RELION's tracks converted with the opposite sign score RMS $fr px (against $rr px)."
else
  echo "| RELION 3.1 polishing | skipped: see the message above | | | | | | |"
fi
echo
echo "Own-motion direction (mean cosine between found and true corrections less the drift, last frame against frame 1):"
echo "local $(cosine "$work/out_local/Particles/${name}_trajectories.tsv"), polish $(cosine \
    "$work/out_polish/Polish/${name}_polished_trajectories.tsv")$([ "$relion_ok" = 1 ] && echo ", RELION $(cosine "$rel/trajectories.tsv")")."
echo
grep -h "Reference:\|Hyperparameters chosen\|Dose weights" "$work/log.polish.txt" || true
grep -h "Polished:" "$work/log.polish.txt" || true
