package org.stillframe.align.global;

/**
 * Consecutive, non-overlapping groups of frames aligned as one unit (-Group), and the linear interpolation
 * that turns per-group shifts back into per-frame shifts.
 *
 * <p>With n frames and group size g there are max(1, ⌊n/g⌋) groups; the n mod g leftover frames go one each to
 * the last groups (RELION's rule: the first frames, where motion is fastest, stay in the smallest groups).
 * A group's time is the mean index of its frames; frames between group centres are interpolated linearly and
 * frames outside are extrapolated from the nearest two centres.
 */
public final class FrameGroups {

    private final int[] start; // first frame of each group
    private final int[] end;   // one past the last frame
    private final double[] centre;
    private final int frames;

    private FrameGroups(int[] start, int[] end, int frames) {
        this.start = start;
        this.end = end;
        this.frames = frames;
        this.centre = new double[start.length];
        for (int j = 0; j < start.length; j++) {
            centre[j] = (start[j] + end[j] - 1) / 2.0;
        }
    }

    public static FrameGroups uniform(int frames, int groupSize) {
        int groups = Math.max(1, frames / Math.max(1, groupSize));
        int base = frames / groups;
        int extra = frames - base * groups; // the last `extra` groups get one frame more
        int[] start = new int[groups];
        int[] end = new int[groups];
        int f = 0;
        for (int j = 0; j < groups; j++) {
            start[j] = f;
            f += base + (j >= groups - extra ? 1 : 0);
            end[j] = f;
        }
        return new FrameGroups(start, end, frames);
    }

    /**
     * Groups of about {@code groupSize} × the smallest frame dose: with variable frame exposure (-FmIntFile),
     * frames of twice the dose go two to a group where the lightest go four (MotionCor2's manual example;
     * equals {@link #uniform} at constant dose). A last group short of the target joins the one before it.
     */
    public static FrameGroups byDose(double[] doses, int groupSize) {
        int frames = doses.length;
        double min = Double.POSITIVE_INFINITY;
        for (double d : doses) {
            min = Math.min(min, d);
        }
        double target = groupSize * min * (1 - 1e-9);
        java.util.List<int[]> groups = new java.util.ArrayList<>();
        int start = 0;
        double acc = 0;
        for (int i = 0; i < frames; i++) {
            acc += doses[i];
            if (acc >= target) {
                groups.add(new int[] {start, i + 1});
                start = i + 1;
                acc = 0;
            }
        }
        if (start < frames) {
            if (groups.isEmpty()) {
                groups.add(new int[] {start, frames});
            } else {
                groups.get(groups.size() - 1)[1] = frames;
            }
        }
        int[] s = new int[groups.size()];
        int[] e = new int[groups.size()];
        for (int j = 0; j < s.length; j++) {
            s[j] = groups.get(j)[0];
            e[j] = groups.get(j)[1];
        }
        return new FrameGroups(s, e, frames);
    }

    public int count() {
        return start.length;
    }

    public int start(int group) {
        return start[group];
    }

    public int end(int group) {
        return end[group];
    }

    public double centre(int group) {
        return centre[group];
    }

    /** Per-frame values linearly interpolated (and extrapolated) from one value per group. */
    public double[] interpolate(double[] perGroup) {
        double[] out = new double[frames];
        int g = start.length;
        if (g == 1) {
            java.util.Arrays.fill(out, perGroup[0]);
            return out;
        }
        int j = 0;
        for (int i = 0; i < frames; i++) {
            while (j < g - 2 && i > centre[j + 1]) {
                j++;
            }
            double t = (i - centre[j]) / (centre[j + 1] - centre[j]);
            out[i] = perGroup[j] + t * (perGroup[j + 1] - perGroup[j]);
        }
        return out;
    }
}
