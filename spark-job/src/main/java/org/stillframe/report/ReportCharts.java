package org.stillframe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.VectorRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.VectorSeries;
import org.jfree.data.xy.VectorSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart to PNG bytes: a distribution with its quartiles and outlier fence,
 * a movie's global trajectory and its patches' vector field. Per-movie charts are small, drawn without
 * anti-aliasing and stored with a 16-colour palette: a thousand of them fit in a few megabytes.
 */
public final class ReportCharts {

    static final Color BLUE = new Color(0x1f, 0x77, 0xb4);
    static final Color RED = new Color(0xd6, 0x27, 0x28);
    static final Color GREY = new Color(0x88, 0x88, 0x88);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private ReportCharts() {
    }

    /** A histogram of {@code d}'s values with Q1, median and Q3 (grey) and the outlier fence (red). */
    public static byte[] distribution(ReportModel.Distribution d, int width, int height) {
        HistogramDataset data = new HistogramDataset();
        double[] v = d.values().length > 0 ? d.values() : new double[] {0};
        double max = Math.max(maxOf(v), Double.isFinite(d.fence()) ? d.fence() : 0);
        data.addSeries(d.label(), v, Math.max(5, Math.min(60, (int) Math.sqrt(v.length) * 2)), minOf(v),
                max > minOf(v) ? max : minOf(v) + 1);
        JFreeChart chart = ChartFactory.createHistogram(null, d.label(), "movies", data, PlotOrientation.VERTICAL,
                false, false, false);
        XYPlot plot = chart.getXYPlot();
        style(plot);
        XYBarRenderer bars = (XYBarRenderer) plot.getRenderer();
        bars.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, BLUE);
        for (double q : new double[] {d.q1(), d.median(), d.q3()}) {
            if (Double.isFinite(q)) {
                plot.addDomainMarker(new ValueMarker(q, GREY, new BasicStroke(1f)));
            }
        }
        if (Double.isFinite(d.fence())) {
            ValueMarker fence = new ValueMarker(d.fence(), RED, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            fence.setLabel(String.format(Locale.ROOT, "outlier above %.2f", d.fence()));
            fence.setLabelFont(SMALL);
            fence.setLabelPaint(RED);
            fence.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            fence.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(fence);
        }
        return png(chart, width, height, true);
    }

    /** A movie's global trajectory: shift y against shift x (px), the first frame marked. */
    public static byte[] trajectory(double[] x, double[] y, int size) {
        XYSeries path = new XYSeries("trajectory", false, true);
        for (int i = 0; i < x.length; i++) {
            path.add(x[i], y[i]);
        }
        XYSeries start = new XYSeries("first frame", false, true);
        if (x.length > 0) {
            start.add(x[0], y[0]);
        }
        XYSeriesCollection data = new XYSeriesCollection(path);
        data.addSeries(start);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "shift x (px)", "shift y (px)", data,
                PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        style(plot);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, BLUE);
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-1.5, -1.5, 3, 3));
        r.setSeriesPaint(1, RED);
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        plot.setRenderer(r);
        square(plot, x, y);
        return png(chart, size, size, false);
    }

    /**
     * The patches' local shifts from the first frame to the last, as arrows at their centres, magnified so the
     * longest is a tenth of the image; rejected patches in grey.
     */
    public static byte[] vectorField(ReportModel.Patches p, int size) {
        double longest = 1e-9;
        for (int i = 0; i < p.shiftX().length; i++) {
            longest = Math.max(longest, Math.hypot(p.shiftX()[i], p.shiftY()[i]));
        }
        double gain = 0.1 * Math.max(p.width(), p.height()) / longest;
        VectorSeries used = new VectorSeries("patches");
        VectorSeries rejected = new VectorSeries("rejected");
        for (int i = 0; i < p.centreX().length; i++) {
            (p.rejected()[i] ? rejected : used).add(p.centreX()[i], p.centreY()[i], p.shiftX()[i] * gain,
                    p.shiftY()[i] * gain);
        }
        VectorSeriesCollection data = new VectorSeriesCollection();
        data.addSeries(used);
        data.addSeries(rejected);
        NumberAxis xAxis = new NumberAxis(String.format(Locale.ROOT, "x (px); arrows ×%.0f", gain));
        NumberAxis yAxis = new NumberAxis("y (px)");
        xAxis.setRange(0, Math.max(1, p.width()));
        yAxis.setRange(0, Math.max(1, p.height()));
        VectorRenderer r = new VectorRenderer();
        r.setSeriesPaint(0, BLUE);
        r.setSeriesPaint(1, GREY);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, r);
        style(plot);
        return png(new JFreeChart(null, SMALL, plot, false), size, size, false);
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setOutlinePaint(GREY);
        for (org.jfree.chart.axis.ValueAxis a : new org.jfree.chart.axis.ValueAxis[] {plot.getDomainAxis(),
            plot.getRangeAxis()}) {
            a.setLabelFont(SMALL);
            a.setTickLabelFont(SMALL);
        }
    }

    /** Equal ranges on both axes around the path, so a straight drift looks straight. */
    private static void square(XYPlot plot, double[] x, double[] y) {
        if (x.length == 0) {
            return;
        }
        double cx = (maxOf(x) + minOf(x)) / 2;
        double cy = (maxOf(y) + minOf(y)) / 2;
        double half = Math.max(0.5, 0.55 * Math.max(maxOf(x) - minOf(x), maxOf(y) - minOf(y)));
        plot.getDomainAxis().setRange(cx - half, cx + half);
        plot.getRangeAxis().setRange(cy - half, cy + half);
    }

    /**
     * The chart as PNG bytes. Small charts are drawn without anti-aliasing into a 16-colour palette (white, greys,
     * the two series colours): the PNG is then a few kilobytes, where full colour would be several times more.
     */
    static byte[] png(JFreeChart chart, int width, int height, boolean fullColour) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(fullColour);
        chart.setTextAntiAlias(fullColour);
        BufferedImage img = fullColour ? new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)
                : new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, palette());
        Graphics2D g = img.createGraphics();
        try {
            chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static IndexColorModel palette() {
        Color[] colours = {Color.WHITE, Color.BLACK, GREY, BLUE, RED, new Color(0xdd, 0xdd, 0xdd),
            new Color(0x44, 0x44, 0x44), new Color(0xbb, 0xbb, 0xbb), new Color(0x66, 0x66, 0x66),
            new Color(0xee, 0xee, 0xee), new Color(0x9e, 0xc5, 0xe0), new Color(0xeb, 0x9a, 0x9a),
            new Color(0x22, 0x22, 0x22), new Color(0xaa, 0xaa, 0xaa), new Color(0x55, 0x55, 0x55),
            new Color(0xcc, 0xcc, 0xcc)};
        byte[] r = new byte[16];
        byte[] gr = new byte[16];
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) colours[i].getRed();
            gr[i] = (byte) colours[i].getGreen();
            b[i] = (byte) colours[i].getBlue();
        }
        return new IndexColorModel(8, 16, r, gr, b);
    }

    private static double maxOf(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double minOf(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }
}
