package org.stillframe.fft;

/** Sizes that FFT libraries transform quickly: products of 2, 3, 5 and 7, and even. */
public final class FftSizes {

    private FftSizes() {
    }

    /** True if n is even and has no prime factor above 7. */
    public static boolean isGood(int n) {
        if (n < 2 || n % 2 != 0) {
            return false;
        }
        int m = n;
        for (int p : new int[] {2, 3, 5, 7}) {
            while (m % p == 0) {
                m /= p;
            }
        }
        return m == 1;
    }

    /** The smallest good size ≥ n. */
    public static int goodAtLeast(int n) {
        int m = Math.max(2, n + (n & 1));
        while (!isGood(m)) {
            m += 2;
        }
        return m;
    }

    /** The largest good size ≤ n (at least 2). */
    public static int goodAtMost(int n) {
        int m = n - (n & 1);
        while (m > 2 && !isGood(m)) {
            m -= 2;
        }
        return Math.max(2, m);
    }
}
