package org.stillframe.report;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A movie's pictures in the report, as {@code data:} URIs: its trajectory and patch-shift charts (drawn here from
 * the tables), the task's sum and power-spectrum thumbnails (re-encoded smaller) and its particle plot.
 */
final class MoviePictures {

    /** Per-movie charts (px, square). */
    static final int CHART_SIDE = 200;

    /** Thumbnails are shown at most this size in the page (px); the files the tasks wrote keep 256. */
    static final int INLINE_SIDE = 112;

    /**
     * Movies whose pictures the page holds (about 12 kB each): beyond this, the outliers first and then the others
     * in table order, so a dataset of any size stays a page a browser opens (1,500 movies' pictures: ~19 MB).
     */
    static final int MAX_PICTURED = 1500;

    private MoviePictures() {
    }

    /**
     * Each movie's pictures as a JSON object of data URIs (null for a movie left without), drawn concurrently: the
     * charts are most of the time.
     */
    static List<String> all(List<ReportModel.Movie> movies, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "stillframe-report");
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.Set<String> pictured = pictured(movies);
            List<Future<String>> parts = new ArrayList<>();
            for (ReportModel.Movie x : movies) {
                parts.add(pictured.contains(x.stem()) ? pool.submit(() -> movieImages(x)) : null);
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : parts) {
                out.add(f == null ? null : f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the report", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The ok movies whose pictures the page holds: all up to MAX_PICTURED, else the outliers first. */
    static java.util.Set<String> pictured(List<ReportModel.Movie> movies) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (boolean outliers : new boolean[] {true, false}) {
            for (ReportModel.Movie x : movies) {
                if (out.size() < MAX_PICTURED && x.ok() && x.outlier().isEmpty() != outliers) {
                    out.add(x.stem());
                }
            }
        }
        return out;
    }

    private static String movieImages(ReportModel.Movie x) throws IOException {
        List<String> parts = new ArrayList<>();
        if (x.shiftX().length > 0) {
            parts.add("\"traj\":\"" + dataUri("image/png", ReportCharts.trajectory(x.shiftX(), x.shiftY(),
                    CHART_SIDE)) + '"');
        }
        if (x.patches() != null && x.patches().centreX().length > 0) {
            parts.add("\"field\":\"" + dataUri("image/png", ReportCharts.vectorField(x.patches(), CHART_SIDE)) + '"');
        }
        addThumbnail(parts, "sum", x.sumPng());
        addThumbnail(parts, "ps", x.spectrumPng());
        if (x.particlePng() != null) {
            parts.add("\"particles\":\"" + dataUri("image/png", java.nio.file.Files.readAllBytes(x.particlePng()))
                    + '"');
        }
        return "{" + String.join(",", parts) + "}";
    }

    private static void addThumbnail(List<String> parts, String key, Path png) throws IOException {
        if (png == null) {
            return;
        }
        BufferedImage img = ImageIO.read(png.toFile());
        if (img != null) {
            parts.add("\"" + key + "\":\"" + dataUri("image/jpeg", jpeg(img)) + '"');
        }
    }

    /**
     * A grey thumbnail at most INLINE_SIDE px, as JPEG: a 256² PNG of a noisy micrograph is ~50 kB; this is ~4 kB,
     * which keeps a thousand movies' report under 20 MB.
     */
    static byte[] jpeg(BufferedImage img) throws IOException {
        int side = Math.max(img.getWidth(), img.getHeight());
        BufferedImage grey = img;
        if (side > INLINE_SIDE || img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            double f = Math.min(1.0, INLINE_SIDE / (double) side);
            int w = Math.max(1, (int) Math.round(img.getWidth() * f));
            int hh = Math.max(1, (int) Math.round(img.getHeight() * f));
            grey = new BufferedImage(w, hh, BufferedImage.TYPE_BYTE_GRAY);
            java.awt.Graphics2D g = grey.createGraphics();
            g.drawImage(img.getScaledInstance(w, hh, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.7f);
            writer.write(null, new IIOImage(grey, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static String dataUri(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
