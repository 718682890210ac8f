import java.util.Random;
import org.jtransforms.fft.FloatFFT_2D;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;

/**
 * One-off measurement behind the choice of FFTW for the CPU: a 2-D real forward FFT per frame, single thread,
 * best of 10, FFTW (measured plan, our wrapper including its copies) against JTransforms 3.1.
 * Run with bench/fft-choice.sh.
 */
public class FftChoice {
    public static void main(String[] args) {
        for (int n : new int[] {1024, 2048, 4096}) {
            float[] img = new float[n * n];
            Random r = new Random(1);
            for (int i = 0; i < img.length; i++) {
                img[i] = r.nextFloat();
            }
            RealFft2d fftw = FftPlans.of(n, n);
            float[] spec = new float[fftw.spectrumLength()];
            double bestFftw = Double.MAX_VALUE;
            for (int k = 0; k < 10; k++) {
                long t = System.nanoTime();
                fftw.forward(img, spec);
                bestFftw = Math.min(bestFftw, (System.nanoTime() - t) / 1e6);
            }
            FloatFFT_2D jt = new FloatFFT_2D(n, n);
            float[] a = new float[n * n];
            double bestJt = Double.MAX_VALUE;
            for (int k = 0; k < 10; k++) {
                System.arraycopy(img, 0, a, 0, a.length);
                long t = System.nanoTime();
                jt.realForward(a);
                bestJt = Math.min(bestJt, (System.nanoTime() - t) / 1e6);
            }
            System.out.printf("| %d² | %.1f | %.1f | %.1f |%n", n, bestFftw, bestJt, bestJt / bestFftw);
        }
    }
}
