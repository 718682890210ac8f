package org.stillframe.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.particles.MovieMotion;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.polish.HalfMapPair;

/**
 * What both phases of {@code particles polish} share: the starting options, the movie's motion as the particle
 * fit takes it, and the picks re-centred for the polished images. The phases: {@link HalfMaps} (the reference),
 * {@link PolishTraining} (phase 1: priors and dose weights), {@link PolishExtraction} (phase 2: every movie).
 */
public final class Polishing {

    private Polishing() {
    }

    /** The movie's motion relative to its reference frame, with the local model when one was applied. */
    static MovieMotion motion(CorrectionResult result) {
        return new MovieMotion(result.shifts().relativeTo(result.referenceIndex()),
                result.local() != null && result.local().applied() ? result.local().model() : null,
                result.referenceIndex());
    }

    /** The picks with the refinement's origin folded into the coordinates (the polished images are centred). */
    public static ParticlePicks centred(ParticlePicks all, double pixel) {
        List<String> c = all.columns();
        int x = c.indexOf("_rlnCoordinateX");
        int y = c.indexOf("_rlnCoordinateY");
        int ox = c.indexOf("_rlnOriginXAngst");
        int oy = c.indexOf("_rlnOriginYAngst");
        if (ox < 0 && oy < 0) {
            return all;
        }
        List<String[]> rows = new ArrayList<>();
        for (String[] r : all.rows()) {
            String[] v = r.clone();
            if (ox >= 0) {
                v[x] = String.format(Locale.ROOT, "%.6f", Double.parseDouble(r[x]) - Double.parseDouble(r[ox]) / pixel);
                v[ox] = "0.000000";
            }
            if (oy >= 0) {
                v[y] = String.format(Locale.ROOT, "%.6f", Double.parseDouble(r[y]) - Double.parseDouble(r[oy]) / pixel);
                v[oy] = "0.000000";
            }
            rows.add(v);
        }
        return new ParticlePicks(c, rows, all.optics());
    }

    /**
     * The starting options: box (given, or Rosenthal & Henderson's, or twice the map), mask, band, priors. The band
     * reaches the half-maps' FSC = 0.143 resolution (their FSC weighting fades the shells before it), or the
     * {@code resolutionCapA} if that is coarser.
     */
    public static PolishOptions start(int box, double diameter, double resolutionCapA, double pixel,
                                      PolishParticle first, HalfMapPair maps, double sigmaV, double sigmaD,
                                      double sigmaA) {
        double fscResolution = maps.resolutionA(pixel);
        double resolution = Double.isFinite(resolutionCapA) ? Math.max(resolutionCapA, fscResolution) : fscResolution;
        int b = box > 0 ? box + (box & 1) : Double.isFinite(diameter)
                ? BoxSize.pixels(diameter, first.ctf().defocusUA() / 1e4, resolution, first.ctf().voltageKv(), pixel)
                : 2 * maps.mapSize();
        double maskRadius = Double.isFinite(diameter) ? Math.min(0.45 * b, 0.55 * diameter / pixel) : 0.4 * b;
        return new PolishOptions(b, maskRadius, Math.min(b / 2.0 - 1, b * pixel / resolution),
                Double.isFinite(sigmaV) ? sigmaV : 0.1, Double.isFinite(sigmaD) ? sigmaD : 1000,
                Double.isFinite(sigmaA) ? sigmaA : 0.1);
    }

    /** One line for the log: the half-maps' resolution and the band used. */
    public static String referenceLine(HalfMapPair maps, PolishOptions o, double pixel) {
        return String.format(Locale.ROOT, "Reference: half-maps' FSC 0.143 at %.2f A; projections weighted by the"
                + " FSC, band to %.2f A (box %d px)", maps.resolutionA(pixel), o.box() * pixel / o.maxRadius(),
                o.box());
    }
}
