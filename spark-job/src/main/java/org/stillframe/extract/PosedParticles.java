package org.stillframe.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stillframe.ctf.Ctf;
import org.stillframe.io.BadInputException;
import org.stillframe.io.star.StarFile;
import org.stillframe.particles.PolishParticle;

/**
 * Particles with poses from a RELION 3.1 particles STAR file: coordinates minus the refinement's origin
 * (rlnOriginXAngst/YAngst over the pixel size), Euler angles, defocus U/V/angle and phase shift, the optics group's
 * voltage, Cs and amplitude contrast, and the half set (rlnRandomSubset; alternating when absent).
 */
public final class PosedParticles {

    private PosedParticles() {
    }

    public static List<PolishParticle> of(ParticlePicks picks, List<Integer> rows, double pixelSizeA,
                                          String fileName) throws BadInputException {
        List<String> c = picks.columns();
        int rot = need(c, "_rlnAngleRot", fileName);
        int tilt = need(c, "_rlnAngleTilt", fileName);
        int psi = need(c, "_rlnAnglePsi", fileName);
        int du = need(c, "_rlnDefocusU", fileName);
        int dv = c.indexOf("_rlnDefocusV");
        int da = c.indexOf("_rlnDefocusAngle");
        int phase = c.indexOf("_rlnPhaseShift");
        int subset = c.indexOf("_rlnRandomSubset");
        int ox = c.indexOf("_rlnOriginXAngst");
        int oy = c.indexOf("_rlnOriginYAngst");
        int group = c.indexOf("_rlnOpticsGroup");
        int x = c.indexOf(ParticlePicks.X);
        int y = c.indexOf(ParticlePicks.Y);
        Map<String, double[]> optics = optics(picks.optics());
        List<PolishParticle> out = new ArrayList<>();
        int k = 0;
        for (int r : rows) {
            String[] v = picks.rows().get(r);
            try {
                double[] o = optics.getOrDefault(group < 0 ? "1" : v[group], new double[] {300, 2.7, 0.1});
                double defU = Double.parseDouble(v[du]);
                Ctf ctf = new Ctf(o[0], o[1], o[2], defU, dv < 0 ? defU : Double.parseDouble(v[dv]),
                        da < 0 ? 0 : Double.parseDouble(v[da]), phase < 0 ? 0 : Double.parseDouble(v[phase]));
                double px = Double.parseDouble(v[x]) - (ox < 0 ? 0 : Double.parseDouble(v[ox]) / pixelSizeA);
                double py = Double.parseDouble(v[y]) - (oy < 0 ? 0 : Double.parseDouble(v[oy]) / pixelSizeA);
                int half = subset < 0 ? 1 + k % 2 : Integer.parseInt(v[subset]);
                out.add(new PolishParticle(px, py, Double.parseDouble(v[rot]), Double.parseDouble(v[tilt]),
                        Double.parseDouble(v[psi]), ctf, half));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(fileName, "particle " + (r + 1) + ": " + e.getMessage());
            }
            k++;
        }
        return out;
    }

    private static int need(List<String> columns, String name, String fileName) throws BadInputException {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new BadInputException(fileName, "has no " + name.substring(1) + " (reference-based motion needs"
                    + " the refinement's poses and CTF)");
        }
        return i;
    }

    /** Voltage, Cs, amplitude contrast by optics group number. */
    private static Map<String, double[]> optics(StarFile.Block block) {
        Map<String, double[]> out = new HashMap<>();
        if (block == null) {
            return out;
        }
        int g = block.column("_rlnOpticsGroup");
        int kv = block.column("_rlnVoltage");
        int cs = block.column("_rlnSphericalAberration");
        int q = block.column("_rlnAmplitudeContrast");
        for (String[] row : block.rows()) {
            out.put(g < 0 ? "1" : row[g], new double[] {kv < 0 ? 300 : Double.parseDouble(row[kv]),
                cs < 0 ? 2.7 : Double.parseDouble(row[cs]), q < 0 ? 0.1 : Double.parseDouble(row[q])});
        }
        return out;
    }
}
