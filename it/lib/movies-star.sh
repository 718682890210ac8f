# Sourced by it/relion-interop.sh and bench/relion-own.sh: the RELION 3.1 movies STAR that
# relion_run_motioncorr reads (one optics group, then the movies), written in one place.
# (StillframeJobTest writes the same text with org.stillframe.testing.MoviesStar.)

# movies_star PIXEL_SIZE_A VOLTAGE_KV MOVIE...: the STAR text on stdout; the movies are listed as given
# (relative to the RELION project folder), all in optics group 1 (Cs 2.7 mm, amplitude contrast 0.1).
movies_star() {
  local angpix=$1 voltage=$2; shift 2
  printf '\n# version 30001\n\ndata_optics\n\nloop_\n'
  printf '_rlnOpticsGroupName #1\n_rlnOpticsGroup #2\n_rlnMicrographOriginalPixelSize #3\n_rlnVoltage #4\n'
  printf '_rlnSphericalAberration #5\n_rlnAmplitudeContrast #6\n'
  printf 'opticsGroup1 1 %s %s 2.700000 0.100000\n' "$angpix" "$voltage"
  printf '\n# version 30001\n\ndata_movies\n\nloop_\n_rlnMicrographMovieName #1\n_rlnOpticsGroup #2\n'
  local m
  for m in "$@"; do printf '%s 1\n' "$m"; done
}
