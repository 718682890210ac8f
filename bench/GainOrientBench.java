import java.util.Arrays;
import org.stillframe.gain.GainOrientation;
import org.stillframe.gain.OrientationCheck;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;

/**
 * The gain orientation check at full detector sizes (issue 23): a simulated counting movie (1 e/px/frame, the
 * simulator's detector pattern), its first 10 frames summed, the gain stored in each of the 8 orientations in turn;
 * the check must find each one. Prints a markdown row per size: found, median and worst time to score. Run with
 * bench/gain-orient.sh.
 */
public class GainOrientBench {
    public static void main(String[] args) throws Exception {
        int[][] sizes = {{4096, 4096}, {5760, 4092}};
        for (int[] size : sizes) {
            int nx = size[0];
            int ny = size[1];
            MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(nx, ny, 40, 23).withDose(1));
            float[] sum = new float[nx * ny];
            for (int i = 0; i < 10; i++) {
                sim.add(i, sum);
            }
            float[] gain = sim.gainReference();
            int found = 0;
            int tried = 0;
            double[] seconds = new double[8];
            for (GainOrientation truth : GainOrientation.all()) {
                float[] stored = null;
                int sw = 0;
                int sh = 0;
                for (GainOrientation inverse : GainOrientation.all()) {
                    int w = inverse.width(nx, ny);
                    int h = inverse.height(nx, ny);
                    if (truth.width(w, h) != nx) {
                        continue;
                    }
                    float[] turned = inverse.apply(gain, nx, ny);
                    if (Arrays.equals(truth.apply(turned, w, h), gain)) {
                        stored = turned;
                        sw = w;
                        sh = h;
                        break;
                    }
                }
                if (stored == null) {
                    continue; // a quarter turn of an oblong gain cannot fit
                }
                long t = System.nanoTime();
                OrientationCheck.Verdict v = OrientationCheck.check(sum, nx, ny, stored, sw, sh, GainOrientation.NONE);
                seconds[tried++] = (System.nanoTime() - t) * 1e-9;
                if (v.best().sameAs(truth) && v.conclusive()) {
                    found++;
                } else {
                    System.err.println(nx + "x" + ny + " stored " + truth + ": " + v.scoresLine());
                }
            }
            double[] s = Arrays.copyOf(seconds, tried);
            Arrays.sort(s);
            System.out.printf(java.util.Locale.ROOT, "| %d × %d | %d of %d | %.3f | %.3f |%n", nx, ny, found, tried,
                    s[s.length / 2], s[s.length - 1]);
        }
    }
}
