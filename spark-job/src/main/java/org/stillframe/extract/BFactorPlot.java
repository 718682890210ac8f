package org.stillframe.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.stillframe.io.AtomicFiles;
import org.stillframe.particles.EmpiricalWeights;

/**
 * bfactors.png of {@code particles polish}: the dose weights' B-factor against the frame (red) and Grant &amp;
 * Grigorieff's, which they were shrunk towards (grey).
 */
final class BFactorPlot {

    private BFactorPlot() {
    }

    /** A PNG of B_f and the analytic curve's B_f against the frame. */
    static void write(EmpiricalWeights w, Path png) throws IOException {
        int width = 480;
        int height = 320;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        double min = 0;
        for (int f = 0; f < w.frames(); f++) {
            min = Math.min(min, Math.min(w.bFactor(f), w.analyticBFactor(f)));
        }
        min = Math.min(min, -1);
        int left = 60;
        int bottom = height - 40;
        g.setColor(java.awt.Color.GRAY);
        g.drawLine(left, 20, left, bottom);
        g.drawLine(left, bottom, width - 20, bottom);
        g.setColor(java.awt.Color.BLACK);
        g.drawString("B-factor per frame (A^2): weights (red), Grant-Grigorieff (grey)", left + 10, 15);
        g.drawString(String.format(Locale.ROOT, "%.0f", min), 5, bottom);
        g.drawString("0", 40, 25);
        g.drawString("frame", width / 2, height - 10);
        g.setStroke(new java.awt.BasicStroke(1.5f));
        curve(g, w, left, bottom, width, min, true, new java.awt.Color(150, 150, 150));
        g.setStroke(new java.awt.BasicStroke(2f));
        curve(g, w, left, bottom, width, min, false, new java.awt.Color(200, 30, 30));
        g.dispose();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", bytes);
        AtomicFiles.write(png, bytes.toByteArray()); // whole or not at all, usual permissions
    }

    private static void curve(java.awt.Graphics2D g, EmpiricalWeights w, int left, int bottom, int width, double min,
                              boolean analytic, java.awt.Color colour) {
        g.setColor(colour);
        int prevX = -1;
        int prevY = -1;
        for (int f = 0; f < w.frames(); f++) {
            double b = analytic ? w.analyticBFactor(f) : w.bFactor(f);
            int x = left + (int) Math.round((width - 20 - left) * f / Math.max(1.0, w.frames() - 1));
            int y = 20 + (int) Math.round((bottom - 20) * (b / min));
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, y);
            }
            if (!analytic) {
                g.fillOval(x - 3, y - 3, 6, 6);
            }
            prevX = x;
            prevY = y;
        }
    }
}
