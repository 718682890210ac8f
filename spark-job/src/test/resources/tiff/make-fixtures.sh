#!/usr/bin/env bash
# Writes the TIFF fixtures for TiffReaderTest with an independent writer: Debian's libtiff tools
# (raw2tiff, tiffcp, tiffset from libtiff-tools). python3 + numpy only write the raw input values.
# Run from anywhere; the .tif files land next to this script. Tests never run it.
set -euo pipefail
cd "$(dirname "$0")"
W=70   # not a multiple of the 32 x 16 tiles, nor of the 8-row strips
H=45
PAGES=3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Raw little-endian pages, one file per type and page. The formula is repeated in TiffFixtures.java:
# k = 31x + 1009y + 7919p + 7xy, with x the column, y the stored row (0 = top, TIFF order), p the page.
python3 - "$tmp" "$W" "$H" "$PAGES" <<'EOF'
import sys
import numpy as np
out, w, h, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
y, x = np.mgrid[0:h, 0:w].astype(np.int64)
for p in range(pages):
    k = 31 * x + 1009 * y + 7919 * p + 7 * x * y
    u32 = (k * 2654435761) % 2**32
    values = {
        "u8": (k % 256).astype("<u1"),
        "i8": (k % 256 - 128).astype("<i1"),
        "u16": (k * 37 % 65536).astype("<u2"),
        "i16": (k * 37 % 65536 - 32768).astype("<i2"),
        "u32": u32.astype("<u4"),
        "i32": (u32 - 2**31).astype("<i4"),
        "f32": ((x - 2 * y) * 0.375 + p * 1000.25).astype("<f4"),
    }
    for name, a in values.items():
        a.tofile(f"{out}/{name}-{p}.raw")
EOF

declare -A RAWTYPE=([u8]=byte [i8]=sbyte [u16]=short [i16]=sshort [u32]=long [i32]=slong [f32]=float)

# make <type> <output name> <tiffcp options...>: one page per raw file, combined by tiffcp.
make() {
    local type=$1 out=$2
    shift 2
    local pages=()
    for p in $(seq 0 $((PAGES - 1))); do
        raw2tiff -w "$W" -l "$H" -d "${RAWTYPE[$type]}" -c none "$tmp/$type-$p.raw" "$tmp/$type-$p.tif"
        pages+=("$tmp/$type-$p.tif")
    done
    tiffcp -f msb2lsb "$@" "${pages[@]}" "$out"
}

make u8 u8-none-strips-II.tif -c none -s -r 8 -L
make u8 u8-lzw-strips-II.tif -c lzw -s -r 8 -L
make u8 u8-lzw2-strips-MM.tif -c lzw:2 -s -r 8 -B
make u8 u8-zip-tiles-II.tif -c zip -t -w 32 -l 16 -L
make u8 u8-packbits-strips-MM.tif -c packbits -s -r 16 -B
make i8 i8-lzw-strips-II.tif -c lzw -s -r 8 -L
make u16 u16-lzw-strips-II.tif -c lzw -s -r 8 -L
make u16 u16-lzw2-tiles-MM.tif -c lzw:2 -t -w 32 -l 16 -B
make u16 u16-zip-strips-MM.tif -c zip -s -r 45 -B
make i16 i16-none-strips-MM.tif -c none -s -r 8 -B
make i16 i16-lzw2-strips-II.tif -c lzw:2 -s -r 8 -L
make u32 u32-lzw-strips-II.tif -c lzw -s -r 8 -L
make u32 u32-none-tiles-MM.tif -c none -t -w 32 -l 16 -B
make i32 i32-zip-tiles-MM.tif -c zip -t -w 32 -l 16 -B
make i32 i32-lzw2-strips-II.tif -c lzw:2 -s -r 8 -L
make f32 f32-none-strips-MM.tif -c none -s -r 8 -B
make f32 f32-lzw-tiles-II.tif -c lzw -t -w 32 -l 16 -L
make f32 f32-zip-strips-II.tif -c zip -s -r 8 -L

# Compression 32946 (the old deflate code) carries the same zlib stream as 8; libtiff writes only 8, so
# the tag is rewritten in place on every page.
cp u8-zip-tiles-II.tif u8-deflate32946-tiles-II.tif
make u16 u16-deflate32946-strips-II.tif -c zip -s -r 8 -L
for p in $(seq 0 $((PAGES - 1))); do
    tiffset -d "$p" -s Compression 32946 u8-deflate32946-tiles-II.tif
    tiffset -d "$p" -s Compression 32946 u16-deflate32946-strips-II.tif
done
