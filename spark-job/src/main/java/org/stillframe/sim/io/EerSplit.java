package org.stillframe.sim.io;

import java.util.SplittableRandom;

/** Spreads a frame's electron counts over raw EER frames: a pixel's k electrons go to k different raw frames. */
final class EerSplit {

    private EerSplit() {
    }

    /** Per raw frame, the pixels holding one electron, in increasing order. */
    static int[][] split(float[] counts, int rawFrames, SplittableRandom rnd, int frame) {
        int[] sizes = new int[rawFrames];
        int[][] picks = new int[counts.length][];
        for (int p = 0; p < counts.length; p++) {
            int k = Math.round(counts[p]);
            if (k < 0 || Math.abs(counts[p] - k) > 1e-3) {
                throw new IllegalArgumentException("frame " + (frame + 1) + ": pixel " + p + " holds " + counts[p]
                        + ", not a whole number of electrons");
            }
            if (k > rawFrames) {
                throw new IllegalArgumentException("frame " + (frame + 1) + ": a pixel holds " + k
                        + " electrons, more than the " + rawFrames + " raw frames it is split into (raise --eer-split)");
            }
            if (k == 0) {
                continue;
            }
            // k distinct raw frames (partial Fisher-Yates on the first k of a shuffled index list)
            int[] choice = new int[k];
            int[] pool = new int[rawFrames];
            for (int i = 0; i < rawFrames; i++) {
                pool[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + rnd.nextInt(rawFrames - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
                choice[i] = pool[i];
                sizes[pool[i]]++;
            }
            picks[p] = choice;
        }
        int[][] out = new int[rawFrames][];
        for (int r = 0; r < rawFrames; r++) {
            out[r] = new int[sizes[r]];
        }
        int[] fill = new int[rawFrames];
        for (int p = 0; p < counts.length; p++) {
            if (picks[p] != null) {
                for (int r : picks[p]) {
                    out[r][fill[r]++] = p;
                }
            }
        }
        return out;
    }
}
