package org.stillframe.align.patch;

/**
 * Where the patches are: an X × Y grid over the frame (MotionCor2's -Patch X Y [overlap%]), each patch
 * width/X × height/Y grown by the overlap (a 20 % overlap makes a patch 1.2× its grid cell), clamped inside
 * the frame. With feature placement (MotionCor2 ≥ 1.5), each centre moves, by at most a quarter of the grid
 * spacing, to where the globally aligned sum has the most structure: the local variance of the sum after a
 * band-pass, so that a patch over empty ice or a carbon hole gets moved onto particles where it can.
 *
 * @param centreX patch centres, input pixels
 * @param centreY
 * @param patchWidth  patch size in input pixels (even)
 * @param patchHeight
 */
public record PatchLayout(double[] centreX, double[] centreY, int patchWidth, int patchHeight, int frameWidth,
                          int frameHeight) {

    public int count() {
        return centreX.length;
    }

    /** The uniform grid. */
    public static PatchLayout grid(int nx, int ny, int patchesX, int patchesY, double overlapPercent) {
        double cellW = (double) nx / patchesX;
        double cellH = (double) ny / patchesY;
        double grow = 1 + Math.max(0, Math.min(100, overlapPercent)) / 100.0;
        int pw = evenAtMost(cellW * grow, nx);
        int ph = evenAtMost(cellH * grow, ny);
        double[] cx = new double[patchesX * patchesY];
        double[] cy = new double[patchesX * patchesY];
        for (int j = 0; j < patchesY; j++) {
            for (int i = 0; i < patchesX; i++) {
                int p = j * patchesX + i;
                cx[p] = clamp((i + 0.5) * cellW, pw, nx);
                cy[p] = clamp((j + 0.5) * cellH, ph, ny);
            }
        }
        return new PatchLayout(cx, cy, pw, ph, nx, ny);
    }

    private static int featureIndex(double v, int n) {
        return (int) Math.max(0, Math.min(n - 1, Math.floor(v)));
    }

    private static int evenAtMost(double v, int max) {
        int n = (int) Math.floor(v);
        n -= n & 1;
        return Math.max(8, Math.min(n, max - (max & 1)));
    }

    private static double clamp(double centre, int size, int n) {
        return Math.max(size / 2.0, Math.min(n - size / 2.0, centre));
    }

    /**
     * The same grid with each centre moved towards structure: {@code feature} is a map (fw × fh, covering the
     * frame) of how much structure each place has.
     */
    public PatchLayout placedOnFeatures(float[] feature, int fw, int fh, int patchesX, int patchesY) {
        double sx = (double) frameWidth / fw;
        double sy = (double) frameHeight / fh;
        double reachX = 0.25 * frameWidth / patchesX;
        double reachY = 0.25 * frameHeight / patchesY;
        double[] cx = centreX.clone();
        double[] cy = centreY.clone();
        for (int p = 0; p < cx.length; p++) {
            int fx0 = (int) Math.max(0, Math.floor((centreX[p] - reachX) / sx));
            int fx1 = (int) Math.min(fw - 1, Math.ceil((centreX[p] + reachX) / sx));
            int fy0 = (int) Math.max(0, Math.floor((centreY[p] - reachY) / sy));
            int fy1 = (int) Math.min(fh - 1, Math.ceil((centreY[p] + reachY) / sy));
            // Stay put unless somewhere within reach has more structure than the grid position.
            double best = feature[featureIndex(centreX[p] / sx, fw) + fw * featureIndex(centreY[p] / sy, fh)];
            for (int y = fy0; y <= fy1; y++) {
                for (int x = fx0; x <= fx1; x++) {
                    if (feature[y * fw + x] > best) {
                        best = feature[y * fw + x];
                        cx[p] = (x + 0.5) * sx;
                        cy[p] = (y + 0.5) * sy;
                    }
                }
            }
            // Patches on the frame's border move inwards by at most half the reach: further inwards leaves the
            // model more of the frame to extrapolate, where its errors grow fastest; not at all leaves weak border
            // patches on empty ice. Field errors (4096², 4 px / 4096², 3 px / 2048², 4 px of local motion): free
            // 0.52 / 0.43 / 0.48 px, fixed 0.42 / 0.42 / 0.69 px, half the reach 0.48 / 0.33 / 0.39 px.
            int col = p % patchesX;
            int row = p / patchesX;
            if (patchesX > 1 && (col == 0 || col == patchesX - 1)) {
                cx[p] = col == 0 ? Math.min(cx[p], centreX[p] + reachX / 2) : Math.max(cx[p], centreX[p] - reachX / 2);
            }
            if (patchesY > 1 && (row == 0 || row == patchesY - 1)) {
                cy[p] = row == 0 ? Math.min(cy[p], centreY[p] + reachY / 2) : Math.max(cy[p], centreY[p] - reachY / 2);
            }
            cx[p] = clamp(cx[p], patchWidth, frameWidth);
            cy[p] = clamp(cy[p], patchHeight, frameHeight);
        }
        return new PatchLayout(cx, cy, patchWidth, patchHeight, frameWidth, frameHeight);
    }
}
