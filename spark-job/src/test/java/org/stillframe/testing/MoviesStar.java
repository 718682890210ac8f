package org.stillframe.testing;

import java.util.List;

/**
 * A RELION 3.1 movies STAR as relion_run_motioncorr reads it: one optics group, then the movies (the same text
 * it/lib/movies-star.sh writes for the RELION scripts).
 */
public final class MoviesStar {

    private MoviesStar() {
    }

    /**
     * @param pixelSizeA the optics group's pixel size, as written (e.g. "0.900000")
     * @param voltageKv  the optics group's voltage, as written
     * @param movies     the movies as listed (relative to the RELION project folder), all in optics group 1
     */
    public static String text(String pixelSizeA, String voltageKv, List<String> movies) {
        StringBuilder sb = new StringBuilder("""

                # version 30001

                data_optics

                loop_
                _rlnOpticsGroupName #1
                _rlnOpticsGroup #2
                _rlnMicrographOriginalPixelSize #3
                _rlnVoltage #4
                _rlnSphericalAberration #5
                _rlnAmplitudeContrast #6
                """);
        sb.append("opticsGroup1 1 ").append(pixelSizeA).append(' ').append(voltageKv).append(" 2.700000 0.100000\n");
        sb.append("""

                # version 30001

                data_movies

                loop_
                _rlnMicrographMovieName #1
                _rlnOpticsGroup #2
                """);
        for (String m : movies) {
            sb.append(m).append(" 1\n");
        }
        return sb.toString();
    }
}
