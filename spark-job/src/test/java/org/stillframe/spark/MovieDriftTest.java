package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.io.star.StarFile;
import org.stillframe.movie.MovieResult;
import org.stillframe.relion.AccumulatedMotion;

/**
 * The movies table's drift_total / drift_early / drift_late follow RELION's rule: on RELION's tutorial movie
 * (its own motion STAR and corrected_micrographs.star row, CC-BY fixture, provenance in fixtures/star) they are
 * RELION's numbers times the pixel size.
 */
class MovieDriftTest {

    /** RELION 3.1's corrected_micrographs.star row for 20170629_00021_frameImage: total, early, late (px). */
    static final double TOTAL = 16.420495;
    static final double EARLY = 2.506308;
    static final double LATE = 13.914187;
    static final double DOSE = 1.277;

    @Test
    void tableDriftIsRelionsAccumulatedMotionInAngstrom() throws Exception {
        double[][] xy = tutorialShifts();
        MovieResult r = result(xy, 1, DoseSchedule.uniform(xy[0].length, DOSE, 0), 0.885);
        AccumulatedMotion d = MovieRunner.drift(r, xy[0], xy[1], 0);
        assertEquals(TOTAL * 0.885, d.total(), 2e-5);
        assertEquals(EARLY * 0.885, d.early(), 2e-5);
        assertEquals(LATE * 0.885, d.late(), 2e-5);
    }

    @Test
    void withoutPixelSizeTheTableDriftIsInPixels() throws Exception {
        double[][] xy = tutorialShifts();
        AccumulatedMotion d = MovieRunner.drift(result(xy, 1, DoseSchedule.uniform(xy[0].length, DOSE, 0),
                Double.NaN), xy[0], xy[1], 0);
        assertEquals(EARLY, d.early(), 2e-5);
        assertEquals(LATE, d.late(), 2e-5);
    }

    @Test
    void theStepEndingAtTheFrameThatReachesFourElectronsIsEarly() {
        // Steps of 1 px; 1 e/Å² per frame: the steps ending at frames 2, 3, 4 are early (exposure 2, 3, 4),
        // the one ending at frame 5 late (the previous frame's exposure, 4, would have called it early).
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = new double[6];
        AccumulatedMotion m = AccumulatedMotion.of(x, y, 1, 1.0, 0);
        assertEquals(3, m.early(), 1e-12);
        assertEquals(2, m.late(), 1e-12);
        // Two thrown frames (first frame used = 3) and 1 e/Å² of pre-exposure move the boundary by three frames.
        assertEquals(0, AccumulatedMotion.of(x, y, 3, 1.0, 1).early(), 1e-12);
        assertEquals(1, AccumulatedMotion.of(x, y, 2, 1.0, 1).early(), 1e-12);
        // No known dose: every step late, as RELION.
        AccumulatedMotion unknown = AccumulatedMotion.of(x, y, 1, Double.NaN, 0);
        assertEquals(0, unknown.early(), 0);
        assertEquals(5, unknown.late(), 1e-12);
    }

    private static MovieResult result(double[][] xy, int firstFrame, DoseSchedule schedule, double pixel) {
        CorrectionResult c = new CorrectionResult(4096, 4096, null, new FrameShifts(xy[0], xy[1]), 0, 1, 0, null,
                null, null);
        return new MovieResult("movie.mrc", firstFrame, c, schedule, 0, List.of(), pixel, xy[0].length, 4096, 4096,
                "");
    }

    static double[][] tutorialShifts() throws Exception {
        String text;
        try (InputStream in = MovieDriftTest.class.getResourceAsStream("/fixtures/star/20170629_00021_frameImage.star")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StarFile.Block shifts = StarFile.parse(text, "tutorial.star").blocks().get("global_shift");
        int n = shifts.rows().size();
        double[][] xy = new double[2][n];
        for (int i = 0; i < n; i++) {
            xy[0][i] = Double.parseDouble(shifts.rows().get(i)[shifts.column("_rlnMicrographShiftX")]);
            xy[1][i] = Double.parseDouble(shifts.rows().get(i)[shifts.column("_rlnMicrographShiftY")]);
        }
        return xy;
    }
}
