package org.stillframe.io.tiff;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Multi-page TIFFs written by the JDK's TIFF writer (an independent encoder), for tests. */
public final class TiffWriting {

    private TiffWriting() {
    }

    /**
     * Writes the frames top row first, as detectors write them: MRC row y becomes TIFF row height - 1 - y.
     *
     * @param type        a {@link java.awt.image.DataBuffer} type, e.g. TYPE_USHORT
     * @param compression an ImageIO TIFF compression name ("LZW", "Deflate"), null for none
     */
    public static void write(Path file, List<float[]> frames, int w, int h, int type, String compression)
            throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (compression != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            writer.prepareWriteSequence(null);
            ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                    ColorModel.OPAQUE, type);
            for (float[] f : frames) {
                WritableRaster raster = Raster.createWritableRaster(
                        new PixelInterleavedSampleModel(type, w, h, 1, w, new int[] {0}), null);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        raster.setSample(x, h - 1 - y, 0, f[y * w + x]);
                    }
                }
                writer.writeToSequence(new IIOImage(new BufferedImage(cm, raster, false, null), null, null), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }
}
