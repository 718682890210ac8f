package org.stillframe.tomo;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mdoc.Mdoc;

/**
 * A tilt series from its mdoc: tilts in acquisition order (by DateTime when every tilt has one, else by section
 * order) with the exposure each had already received — the sum of the doses of the tilts acquired before it.
 */
public final class TiltSeriesPlan {

    private TiltSeriesPlan() {
    }

    /**
     * @param dosePerTilt e/Å² to use for tilts whose ExposureDose is 0 or missing (NaN: none, then an error)
     */
    public static List<Tilt> tilts(Mdoc mdoc, String file, double dosePerTilt) throws BadInputException {
        record Raw(Mdoc.Section s, int index, LocalDateTime t) {
        }
        List<Raw> raw = new ArrayList<>();
        boolean allTimed = true;
        for (int i = 0; i < mdoc.sections().size(); i++) {
            Mdoc.Section s = mdoc.sections().get(i);
            LocalDateTime t = s.dateTime(file);
            allTimed &= t != null;
            raw.add(new Raw(s, i, t));
        }
        if (raw.isEmpty()) {
            throw new BadInputException(file, "has no [ZValue] sections (no tilts)");
        }
        if (allTimed) {
            raw.sort(Comparator.comparing(Raw::t).thenComparingInt(Raw::index));
        }
        List<Tilt> out = new ArrayList<>();
        double prior = 0;
        for (int order = 0; order < raw.size(); order++) {
            Mdoc.Section s = raw.get(order).s();
            String where = "[ZValue = " + s.zValue() + "] (line " + s.line() + "): ";
            double angle = s.number("TiltAngle", Double.NaN, file);
            if (Double.isNaN(angle)) {
                throw new BadInputException(file, where + "no TiltAngle");
            }
            String path = s.get("SubFramePath");
            if (path == null || path.isBlank()) {
                throw new BadInputException(file, where + "no SubFramePath (which movie is this tilt?)");
            }
            String movie = path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1).trim();
            double dose = s.number("ExposureDose", 0, file);
            if (!(dose > 0)) {
                String frameDoses = s.get("FrameDosesAndNumber");
                if (frameDoses != null && frameDoses.trim().split("\\s+").length == 2) {
                    String[] f = frameDoses.trim().split("\\s+");
                    dose = Double.parseDouble(f[0]) * Double.parseDouble(f[1]);
                }
            }
            if (!(dose > 0)) {
                if (!(dosePerTilt > 0)) {
                    throw new BadInputException(file, where + "ExposureDose is 0 or missing; give the dose per tilt"
                            + " (--dose-per-tilt)");
                }
                dose = dosePerTilt;
            }
            int frames = (int) s.number("NumSubFrames", 0, file);
            out.add(new Tilt(s.zValue(), angle, movie, raw.get(order).t(), dose, frames, order, prior,
                    s.number("TargetDefocus", Double.NaN, file)));
            prior += dose;
        }
        return out;
    }
}
