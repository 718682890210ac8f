package org.stillframe.particles;

/**
 * Per-frame dose weights measured from the data (as RELION's polishing does), shrunk towards an analytic curve
 * (Grant &amp; Grigorieff's) as far as the data leave them undetermined. The Fourier cylinder correlation of the
 * aligned particle boxes with their references per frame and shell,
 *
 * <pre>
 *   FCC(f, k) = Σ_p Re(X_p,f R_p*) / √(Σ_p |X_p,f|² · Σ_p |R_p|²)
 * </pre>
 *
 * is fitted as FCC ≈ A_f(k)·q_f·e^(c(k) + B_f·k²/4) (k in 1/Å; shells from {@link #LOWEST_RESOLUTION_A} to the
 * band's limit where the frames' mean FCC clears the noise; c(k) shared by all frames; A_f the analytic curve, or 1
 * without one), so that q_f and B_f are each frame's departure from the analytic curve. Both departures (B_f, and
 * ln q_f as the level at the fitted shells' centre) are smoothed by a quadratic in the frame number whose varying
 * terms have a Gaussian prior of standard deviation {@link #PRIOR_SD_B_A2} and {@link #PRIOR_SD_LOG_SCALE}: the
 * posterior mean, with the data's variance from the fit's residuals, is 0 (the analytic curve) where the data say
 * little and the data's own quadratic where they say much. The weights are w_f(k) = a_f(k) / Σ_g a_g(k),
 * a_f(k) = A_f(k)·q_f·e^(B_f k²/4), so that Σ_f w_f(k) = 1 at every k. Where the fit is undetermined (fewer than
 * three usable shells, a frame without a slope, no residual degrees of freedom) a_f = A_f.
 */
public final class EmpiricalWeights implements ReferenceMotion.FrameSignal, java.io.Serializable {

    /** Shells below this resolution (Å) are left out of the fit (RELION's default too). */
    static final double LOWEST_RESOLUTION_A = 20;
    /**
     * Prior standard deviation (Å²) of the linear and of the quadratic term, in t ∈ [−1, 1] over the exposure, of
     * the frames' B-factor departure from the analytic curve: about 60 Å² in the first and last frames relative to
     * the others. Real data depart from Grant &amp; Grigorieff's by a few tens of Å² (motion blur left in early
     * frames, specimen-specific damage).
     */
    static final double PRIOR_SD_B_A2 = 50;
    /** The same for the departure of ln amplitude at the fitted shells' centre. */
    static final double PRIOR_SD_LOG_SCALE = 0.5;
    /** Shells are fitted where the frames' mean FCC exceeds this many times 1/√(components · particles). */
    static final double SHELL_NOISE_FACTOR = 2;
    /** The analytic curve is kept as ln A_f on this many intervals from 0 to √½ cycles per pixel. */
    private static final int TABLE = 512;
    private static final double TABLE_MAX = Math.sqrt(0.5);

    private final double pixelSizeA;
    private final float[][] lnAnalytic;     // [f][j], or null: no analytic curve (A = 1)
    private final double[] departureLogScale;
    private final double[] departureB;
    private final double[] bFactor;
    private final double[] logScale;
    private final double[] analyticB;
    private final double[] dataWeightB;
    private final double[] dataWeightScale;
    private final int particles;

    private EmpiricalWeights(double pixelSizeA, float[][] lnAnalytic, double[] departureLogScale,
                             double[] departureB, double[] bFactor, double[] logScale, double[] analyticB,
                             double[] dataWeightB, double[] dataWeightScale, int particles) {
        this.pixelSizeA = pixelSizeA;
        this.lnAnalytic = lnAnalytic;
        this.departureLogScale = departureLogScale;
        this.departureB = departureB;
        this.bFactor = bFactor;
        this.logScale = logScale;
        this.analyticB = analyticB;
        this.dataWeightB = dataWeightB;
        this.dataWeightScale = dataWeightScale;
        this.particles = particles;
    }

    /** Measures the FCC along trajectories r ([p][2f + axis]) and fits the weights from the data alone. */
    public static EmpiricalWeights fit(ReferenceMotion.Prepared d, double[][] r, double pixelSizeA) {
        return fit(java.util.List.of(d), java.util.List.<double[][]>of(r), pixelSizeA, null);
    }

    /** The same over several micrographs (same box, band and frame count), from the data alone. */
    public static EmpiricalWeights fit(java.util.List<ReferenceMotion.Prepared> micrographs,
                                       java.util.List<double[][]> trajectories, double pixelSizeA) {
        return fit(micrographs, trajectories, pixelSizeA, null);
    }

    /**
     * Over several micrographs (same box, band and frame count; their sums are pooled), shrunk towards
     * {@code analytic} (amplitude per frame and cycles per pixel, e.g. Grant &amp; Grigorieff's; null: the data
     * alone, no shrinkage).
     */
    public static EmpiricalWeights fit(java.util.List<ReferenceMotion.Prepared> micrographs,
                                       java.util.List<double[][]> trajectories, double pixelSizeA,
                                       ReferenceMotion.FrameSignal analytic) {
        return fit(micrographs, trajectories, pixelSizeA, analytic, PRIOR_SD_B_A2, PRIOR_SD_LOG_SCALE);
    }

    /** The same with the prior's standard deviations given (∞: the data's departures unshrunk). */
    static EmpiricalWeights fit(java.util.List<ReferenceMotion.Prepared> micrographs,
                                java.util.List<double[][]> trajectories, double pixelSizeA,
                                ReferenceMotion.FrameSignal analytic, double priorSdB, double priorSdLogScale) {
        TrackingBand band = micrographs.get(0).band;
        int shells = (int) Math.ceil(band.maxRadius()) + 1;
        int n = micrographs.get(0).frames;
        double[][] num = new double[n][shells];
        double[][] xx = new double[n][shells];
        double[][] rr = new double[n][shells];
        int particles = 0;
        for (int m = 0; m < micrographs.size(); m++) {
            accumulate(micrographs.get(m), trajectories.get(m), num, xx, rr);
            particles += micrographs.get(m).particles();
        }
        double[][] fcc = new double[n][shells];
        for (int f = 0; f < n; f++) {
            for (int s = 0; s < shells; s++) {
                double den = Math.sqrt(xx[f][s] * rr[f][s]);
                fcc[f][s] = den > 0 ? num[f][s] / den : 0;
            }
        }
        int[] count = new int[shells];
        for (int i = 0; i < band.size(); i++) {
            count[(int) Math.round(Math.hypot(band.fx[i], band.fy[i]))]++;
        }
        return fromFcc(fcc, count, band.box, pixelSizeA, analytic, particles, priorSdB, priorSdLogScale);
    }

    private static void accumulate(ReferenceMotion.Prepared d, double[][] r, double[][] num, double[][] xx,
                                   double[][] rr) {
        TrackingBand band = d.band;
        int n = d.frames;
        double[][] tables = band.phaseTables();
        double[] x = new double[2 * band.size()];
        int[] shellOf = new int[band.size()];
        for (int i = 0; i < band.size(); i++) {
            shellOf[i] = (int) Math.round(Math.hypot(band.fx[i], band.fy[i]));
        }
        for (int p = 0; p < d.particles(); p++) {
            float[] ref = d.own[p];
            for (int f = 0; f < n; f++) {
                band.move(d.data[p][f], r[p][2 * f], r[p][2 * f + 1], tables, x);
                for (int i = 0; i < band.size(); i++) {
                    int s = shellOf[i];
                    num[f][s] += x[2 * i] * ref[2 * i] + x[2 * i + 1] * ref[2 * i + 1];
                    xx[f][s] += x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
                    rr[f][s] += ref[2 * i] * ref[2 * i] + ref[2 * i + 1] * ref[2 * i + 1];
                }
            }
        }
    }

    /**
     * The fit from the FCC ([f][shell], shell s at s / box cycles per pixel) and the number of Fourier components
     * in each shell; {@code analytic} null: the data alone.
     */
    static EmpiricalWeights fromFcc(double[][] fcc, int[] count, int box, double pixelSizeA,
                                    ReferenceMotion.FrameSignal analytic, int particles, double priorSdB,
                                    double priorSdLogScale) {
        int n = fcc.length;
        int shells = fcc[0].length;
        float[][] table = analytic == null ? null : tabulate(analytic, n);
        double[] x = new double[shells];
        boolean[] use = new boolean[shells];
        double[][] lnA = new double[n][shells];
        int used = 0;
        for (int s = 1; s < shells; s++) {
            double k = s / (box * pixelSizeA);
            x[s] = k * k / 4;
            // Shells are chosen on the frames' mean FCC, which does not favour any frame (choosing shells where
            // every frame's FCC happens to be positive biases the faintest frames upwards).
            double mean = 0;
            for (int f = 0; f < n; f++) {
                mean += fcc[f][s] / n;
                lnA[f][s] = lnAt(table, f, (double) s / box);
            }
            use[s] = k >= 1 / LOWEST_RESOLUTION_A && count[s] > 0
                    && mean > SHELL_NOISE_FACTOR / Math.sqrt(count[s] * (double) Math.max(particles, 1));
            used += use[s] ? 1 : 0;
        }
        FrameDepartures.Shared fit = used >= 3 && n >= 2 ? FrameDepartures.Shared.of(fcc, count, lnA, x, use)
                : null;
        double[][] lin = linearised(table, n, box, x, use, fit == null ? null : fit.w(), count, fit != null);
        if (fit == null || !(fit.sigma2() >= 0) || Double.isInfinite(fit.sigma2())) {
            double[] zero = new double[n];
            return new EmpiricalWeights(pixelSizeA, table, zero, zero, shiftToBest(lin[1]), lin[0],
                    shiftToBest(lin[1]), zero, zero, particles);
        }
        double sdB = table == null ? Double.POSITIVE_INFINITY : priorSdB;
        double sdLevel = table == null ? Double.POSITIVE_INFINITY : priorSdLogScale;
        FrameDepartures.Smoothed b = FrameDepartures.smooth(fit.b(), fit.precision(), fit.sigma2(), sdB);
        double[] slope = b.value();
        // Each frame's departure as a line in x = k²/4 through a common pivot (the fitted shells' centre), where its
        // level and its slope are nearly independent; the level is smoothed and shrunk like the slope.
        double[] sw = fit.sw();
        double[] sx = fit.sx();
        double[] sy = fit.sy();
        double totalW = 0;
        double totalX = 0;
        for (int f = 0; f < n; f++) {
            totalW += sw[f];
            totalX += sx[f];
        }
        double pivot = totalX / totalW;
        double[] rawLevel = new double[n];
        double[] levelVariance = new double[n];
        double least = Double.POSITIVE_INFINITY;
        for (int f = 0; f < n; f++) {
            double centre = sx[f] / sw[f];
            rawLevel[f] = sy[f] / sw[f] + slope[f] * (pivot - centre);
            levelVariance[f] = fit.sigma2() / sw[f] + (pivot - centre) * (pivot - centre) * b.variance()[f];
            least = levelVariance[f] > 0 ? Math.min(least, levelVariance[f]) : least;
        }
        // Precisions relative to the best frame's (σ² = its variance), so that noise-free data stay finite.
        double unit = Double.isInfinite(least) ? 0 : least;
        double[] levelPrecision = new double[n];
        for (int f = 0; f < n; f++) {
            levelPrecision[f] = unit == 0 ? 1 : Math.min(unit / levelVariance[f], 1e12);
        }
        FrameDepartures.Smoothed level = FrameDepartures.smooth(rawLevel, levelPrecision, unit, sdLevel);
        double[] departureLogScale = new double[n];
        double[] bFactor = new double[n];
        double[] logScale = new double[n];
        for (int f = 0; f < n; f++) {
            departureLogScale[f] = level.value()[f] - slope[f] * pivot;
            bFactor[f] = lin[1][f] + slope[f];
            logScale[f] = lin[0][f] + departureLogScale[f];
        }
        return new EmpiricalWeights(pixelSizeA, table, departureLogScale, slope, shiftToBest(bFactor), logScale,
                shiftToBest(lin[1]), b.dataWeight(), level.dataWeight(), particles);
    }

    private static double[] shiftToBest(double[] b) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : b) {
            best = Math.max(best, v);
        }
        double[] out = new double[b.length];
        for (int f = 0; f < b.length; f++) {
            out[f] = b[f] - best;
        }
        return out;
    }

    /** ln A_f on {@link #TABLE} intervals up to √½ cycles per pixel: kept with the weights, which travel. */
    private static float[][] tabulate(ReferenceMotion.FrameSignal analytic, int n) {
        float[][] t = new float[n][TABLE + 1];
        for (int f = 0; f < n; f++) {
            for (int j = 0; j <= TABLE; j++) {
                t[f][j] = (float) Math.log(Math.max(analytic.amplitude(f, j * TABLE_MAX / TABLE), 1e-30));
            }
        }
        return t;
    }

    /** ln A_f at a frequency (cycles per pixel), linear between the table's points; 0 without a table. */
    private static double lnAt(float[][] table, int frame, double cyclesPerPixel) {
        if (table == null) {
            return 0;
        }
        double t = Math.min(cyclesPerPixel / TABLE_MAX, 1) * TABLE;
        int j = Math.min((int) t, TABLE - 1);
        double u = t - j;
        return (1 - u) * table[frame][j] + u * table[frame][j + 1];
    }

    /**
     * The analytic curve in the fit's form, ln A_f ≈ ln q_f + B_f k²/4, by least squares over the fitted shells
     * with the fit's weights (or, with no usable fit, over the shells above {@link #LOWEST_RESOLUTION_A} weighted
     * by their size): for the table and the plot. Returns {ln q, B}, zeros without a curve.
     */
    private static double[][] linearised(float[][] table, int n, int box, double[] x, boolean[] use,
                                         double[][] w, int[] count, boolean fitted) {
        double[][] out = new double[2][n];
        if (table == null) {
            return out;
        }
        for (int f = 0; f < n; f++) {
            double m = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (int s = 1; s < x.length; s++) {
                boolean in = fitted ? use[s] : Math.sqrt(4 * x[s]) >= 1 / LOWEST_RESOLUTION_A;
                double wt = fitted ? w[f][s] : count[s];
                if (!in || !(wt > 0)) {
                    continue;
                }
                double v = lnAt(table, f, (double) s / box);
                m += wt;
                sx += wt * x[s];
                sy += wt * v;
                sxx += wt * x[s] * x[s];
                sxy += wt * x[s] * v;
            }
            double det = m * sxx - sx * sx;
            if (m > 0 && det > 0) {
                out[1][f] = (m * sxy - sx * sy) / det;
                out[0][f] = (sy - out[1][f] * sx) / m;
            }
        }
        return out;
    }

    public int frames() {
        return bFactor.length;
    }

    /**
     * B_f (Å², 0 in the best frame): with an analytic curve, that curve's {@link #analyticBFactor} plus the data's
     * (shrunk) departure, as the plot and the table show it.
     */
    public double bFactor(int frame) {
        return bFactor[frame];
    }

    /** ln q_f, in the same form as {@link #bFactor}. */
    public double logScale(int frame) {
        return logScale[frame];
    }

    /** The analytic curve's B_f fitted over the same shells (Å², 0 in the best frame; 0 without a curve). */
    public double analyticBFactor(int frame) {
        return analyticB[frame];
    }

    /** λ_f ∈ [0, 1]: the weight of the data's B-factor departure against the analytic curve's (1 without one). */
    public double dataWeight(int frame) {
        return dataWeightB[frame];
    }

    /** The same for the scale (the departure's level at the fitted shells' centre). */
    public double scaleDataWeight(int frame) {
        return dataWeightScale[frame];
    }

    /** The mean of {@link #dataWeight} over frames: 0 where the analytic curve is used exactly. */
    public double meanDataWeight() {
        double s = 0;
        for (double v : dataWeightB) {
            s += v;
        }
        return s / dataWeightB.length;
    }

    /** Particles whose boxes went into the fit. */
    public int particles() {
        return particles;
    }

    /** A_f(k)·q_f·e^(B_f k²/4) with the data's (shrunk) departures: the signal left in frame f, unnormalised. */
    @Override
    public double amplitude(int frame, double cyclesPerPixel) {
        double k = cyclesPerPixel / pixelSizeA;
        return Math.exp(lnAt(lnAnalytic, frame, cyclesPerPixel) + departureLogScale[frame]
                + departureB[frame] * k * k / 4);
    }

    /** w_f(k), Σ_f w_f(k) = 1. */
    public float weight(int frame, double cyclesPerPixel) {
        double sum = 0;
        for (int g = 0; g < bFactor.length; g++) {
            sum += amplitude(g, cyclesPerPixel);
        }
        return (float) (amplitude(frame, cyclesPerPixel) / sum);
    }
}
