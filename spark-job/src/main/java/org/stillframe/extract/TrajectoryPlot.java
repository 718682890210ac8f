package org.stillframe.extract;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The per-movie diagnostic: the micrograph, downscaled, with each particle's trajectories drawn at its place and
 * magnified (raw estimate in grey, smoothed in red), as a PNG.
 */
public final class TrajectoryPlot {

    /**
     * One particle: its position (px of the image; row 0 = the image's first stored row, drawn at the bottom) and
     * per-frame offsets of its motion (px), raw and smoothed.
     */
    public record Track(double x, double y, double[] rawX, double[] rawY, double[] smoothX, double[] smoothY) {
    }

    private TrajectoryPlot() {
    }

    public static void write(Path png, float[] image, int width, int height, List<Track> tracks, double magnification,
                             int maxSide) throws IOException {
        if (image.length != width * height || maxSide < 16 || !(magnification > 0)) {
            throw new IllegalArgumentException("bad plot arguments: " + width + "x" + height + ", " + image.length
                    + " pixels, max side " + maxSide + ", magnification " + magnification);
        }
        int bin = (int) Math.ceil(Math.max(width, height) / (double) maxSide);
        bin = Math.max(1, bin);
        int w = width / bin;
        int h = height / bin;
        float[] small = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = 0; dy < bin; dy++) {
                    for (int dx = 0; dx < bin; dx++) {
                        float v = image[(y * bin + dy) * width + x * bin + dx];
                        s += Float.isFinite(v) ? v : 0;
                    }
                }
                small[y * w + x] = (float) (s / (bin * bin));
            }
        }
        float[] sorted = small.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.01 * (sorted.length - 1))];
        float hi = sorted[(int) (0.99 * (sorted.length - 1))];
        float range = hi > lo ? hi - lo : 1;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (int) Math.max(0, Math.min(255, 255 * (small[y * w + x] - lo) / range));
                out.setRGB(x, h - 1 - y, (g << 16) | (g << 8) | g); // row 0 at the bottom
            }
        }
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double scale = 1.0 / bin;
        for (Track t : tracks) {
            double cx = t.x() * scale;
            double cy = h - 1 - t.y() * scale;
            g.setColor(new Color(200, 200, 200));
            g.setStroke(new BasicStroke(1f));
            g.draw(line(cx, cy, t.rawX(), t.rawY(), magnification * scale));
            g.setColor(new Color(230, 30, 30));
            g.setStroke(new BasicStroke(1.5f));
            g.draw(line(cx, cy, t.smoothX(), t.smoothY(), magnification * scale));
            g.fillOval((int) Math.round(cx) - 2, (int) Math.round(cy) - 2, 4, 4);
        }
        g.setColor(Color.YELLOW);
        g.drawString(String.format(java.util.Locale.ROOT, "trajectories x%.0f (grey raw, red smoothed)", magnification),
                5, 15);
        g.dispose();
        // Through AtomicFiles: written whole or not at all, with the folder's usual permissions.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        if (!ImageIO.write(out, "png", bytes)) {
            throw new IOException("no PNG writer");
        }
        org.stillframe.io.AtomicFiles.write(png, bytes.toByteArray());
    }

    private static Path2D line(double cx, double cy, double[] dx, double[] dy, double gain) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(cx, cy);
        for (int f = 0; f < dx.length && f < dy.length; f++) {
            p.lineTo(cx + gain * dx[f], cy - gain * dy[f]); // image y up
        }
        return p;
    }
}
