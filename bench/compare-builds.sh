#!/usr/bin/env bash
# Interleaved timing of two builds (two checkouts' bin/stillframe) on the same simulated movies: whole-frame 2048^2
# and 4096^2 x 40 frames, and -Patch 5 5 at 2048^2 with 3 px of local motion; three rounds, A then B each round.
# Prints "round build movie wall seconds accuracy" lines; the first round warms FFTW's wisdom.
#   bench/compare-builds.sh /path/to/checkoutA/bin/stillframe /path/to/checkoutB/bin/stillframe [WORKDIR]
set -euo pipefail
A=${1:?build A}; B=${2:?build B}
mkdir -p "${3:-bench/work/compare}"; cd "${3:-bench/work/compare}"
[ -f sim/w2048.mrc ] || $A simulate --out sim --name w2048 --size 2048 --frames 40 --seed 2048 > /dev/null
[ -f sim/w4096.mrc ] || $A simulate --out sim --name w4096 --size 4096 --frames 40 --seed 4096 > /dev/null
[ -f sim/l2048.mrc ] || $A simulate --out sim --name l2048 --size 2048 --frames 40 --seed 777 --local 3 > /dev/null
t() { local s=$(date +%s.%N); timeout 600 "$@" > out.txt 2>&1; echo "$(date +%s.%N) - $s" | bc; }
for rep in 1 2 3; do
  for which in A B; do
    sf=${!which}
    for m in w2048 w4096 l2048; do
      extra=(); [ $m = l2048 ] && extra=(-Patch 5 5)
      w=$(t $sf motioncor -InMrc sim/$m.mrc -OutMrc out$which/$m.mrc -Gain sim/${m}_gain.mrc -LogDir out$which/logs -Threads 2 "${extra[@]}")
      acc=$($sf accuracy sim/${m}_truth.tsv out$which/logs/$m-Full.log 2>/dev/null | grep -o "shift RMS error: [0-9.]*" || true)
      [ $m = l2048 ] && acc=$($sf accuracy sim/${m}_truth.tsv out$which/logs/$m-Patch-Full.log --model out$which/logs/$m.model.tsv 2>/dev/null | grep -o "field RMS error: [0-9.]*" | tail -1 || true)
      echo "$rep $which $m wall ${w} s $acc"
    done
  done
done
