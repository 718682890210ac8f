#!/usr/bin/env bash
# Decoding speed per 4096² frame on one thread (stillframe info --decode): LZW TIFF (8- and 16-bit, written by
# libtiff's tiffcp from Poisson counts), EER (65001, ~0.05 e/px per raw frame, rendered at 1x and 2x), MRC int16
# and bzip2-compressed MRC. Needs libtiff-tools (raw2tiff, tiffcp) and python3 with numpy. Prints a markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sf="$here/bin/stillframe"
work=${BENCH_DIR:-$here/bench/work}/formats
mkdir -p "$work"; cd "$work"
command -v tiffcp > /dev/null || apt-get install -y -q libtiff-tools > /dev/null
if [ ! -f u8.tif ]; then
  python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(1)
for bits, dtype, lam in ((8, np.uint8, 1.0), (16, np.uint16, 1.0)):
    for k in range(8):
        rng.poisson(lam, (4096, 4096)).astype(dtype).tofile(f"p{bits}_{k}.raw")
PY
  for b in 8 16; do
    pages=()
    for k in $(seq 0 7); do raw2tiff -w 4096 -l 4096 -d $([ $b = 8 ] && echo byte || echo short) -c none \
      "p${b}_$k.raw" "p${b}_$k.tif"; pages+=("p${b}_$k.tif"); done
    tiffcp -f msb2lsb -c lzw "${pages[@]}" "u$b.tif"; rm -f p${b}_*.raw p${b}_*.tif
  done
fi
[ -f e.eer ] || "$sf" simulate --out . --name e --size 4096 --frames 2 --dose 1 --eer-split 20 --no-gain --format eer \
  > /dev/null
[ -f m.mrc ] || "$sf" simulate --out . --name m --size 4096 --frames 8 --no-gain > /dev/null
[ -f m.mrc.bz2 ] || bzip2 -k m.mrc
row() { # LABEL FILE [info options]
  local label=$1 file=$2; shift 2
  "$sf" info "$file" --decode "$@" | awk -v l="$label" '/decoded/{print "| " l " | " $7 " |"}'
}
echo "| 4096² frame | ms per frame (1 thread) |"
echo "|---|---|"
row "TIFF 8-bit LZW" u8.tif
row "TIFF 16-bit LZW" u16.tif
row "EER 65001 raw frame, ~0.05 e/px, 1x" e.eer
row "EER 65001 raw frame, ~0.05 e/px, 2x (8192²)" e.eer --eer-sampling 2
row "MRC int16" m.mrc
row "MRC int16 .bz2 (frames, once decompressed)" m.mrc.bz2
start=$(date +%s.%N); "$sf" info m.mrc.bz2 > /dev/null; end=$(date +%s.%N)
echo "| MRC int16 .bz2: opening (bzip2 to a temporary file), per frame | $(echo "scale=1; 1000 * ($end - $start) / 8" | bc) |"
