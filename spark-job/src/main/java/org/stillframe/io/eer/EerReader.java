package org.stillframe.io.eer;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Locale;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.tiff.TiffDirectories;

/**
 * EER movies (Falcon 4/4i): a TIFF whose pages are raw hardware frames of electron events. Frames are
 * rendered on demand, one raw frame at a time, at 1×, 2× or 4× the sensor grid ({@code -EerSampling} 1, 2, 3),
 * in stored order (not flipped: electron n lies on row n / W). Rendering groups of raw frames adds their events
 * straight into the sum ({@link #add}), so hundreds of raw frames never sit in memory.
 */
public final class EerReader implements FrameSource {

    private static final int WIDTH = 256;
    private static final int HEIGHT = 257;
    private static final int COMPRESSION = 259;
    private static final int STRIP_OFFSETS = 273;
    private static final int STRIP_BYTES = 279;
    /** Electrons per pixel per raw frame are a few hundredths: a stream this long per pixel is damage. */
    private static final int MAX_BYTES_PER_PIXEL = 4;

    private final String name;
    private final SeekableByteChannel channel;
    private final TiffDirectories tiff;
    private final int sensorWidth;
    private final int sensorHeight;
    private final int scale;
    private final EerCompression compression;
    /** Each thread's stream buffer: raw frames render in parallel from local files. */
    private final ThreadLocal<byte[][]> buffers = ThreadLocal.withInitial(() -> new byte[][] {new byte[0]});

    private EerReader(String name, SeekableByteChannel channel, TiffDirectories tiff, int sensorWidth,
                      int sensorHeight, int scale, EerCompression compression) {
        this.name = name;
        this.channel = channel;
        this.tiff = tiff;
        this.sensorWidth = sensorWidth;
        this.sensorHeight = sensorHeight;
        this.scale = scale;
        this.compression = compression;
    }

    /** Opens an EER movie rendered at {@code sampling} (1, 2, 3); the returned source owns the channel. */
    public static FrameSource open(String name, SeekableByteChannel channel, int sampling) throws IOException {
        try {
            TiffDirectories tiff = TiffDirectories.read(name, channel);
            int w = (int) tiff.value(0, WIDTH, -1);
            int h = (int) tiff.value(0, HEIGHT, -1);
            if (w < 1 || h < 1 || (long) w * h > (1L << 28)) {
                throw new BadInputException(name, "EER frame 1: sensor size " + w + " x " + h + " is not valid");
            }
            int scale = switch (sampling) {
                case 1 -> 1;
                case 2 -> 2;
                case 3 -> 4;
                default -> throw new BadInputException(name, "-EerSampling must be 1, 2 or 3, not " + sampling);
            };
            if ((long) w * h * scale * scale > Integer.MAX_VALUE - 16) {
                throw new BadInputException(name, "rendering " + w + " x " + h + " at " + scale + "x is too large");
            }
            EerCompression c = compression(name, tiff, 0);
            return new EerReader(name, channel, tiff, w, h, scale, c);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static EerCompression compression(String name, TiffDirectories tiff, int page) throws IOException {
        int code = (int) tiff.value(page, COMPRESSION, 1);
        String where = "EER frame " + (page + 1) + ": ";
        return switch (code) {
            case 65000 -> EerCompression.C65000;
            case 65001 -> EerCompression.C65001;
            case 65002 -> {
                int run = (int) tiff.value(page, EerCompression.TAG_RUN_BITS, 7);
                int sx = (int) tiff.value(page, EerCompression.TAG_SUB_BITS_X, 1);
                int sy = (int) tiff.value(page, EerCompression.TAG_SUB_BITS_Y, sx); // prototypes lack 65009
                try {
                    yield new EerCompression(65002, run, sx, sy);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(name, where + e.getMessage());
                }
            }
            default -> throw new BadInputException(name, where + "compression " + code
                    + " is not an EER code (65000, 65001, 65002)");
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String format() {
        return String.format(Locale.ROOT, "EER, %d x %d sensor, %d raw frames, %s, rendered at %dx", sensorWidth,
                sensorHeight, tiff.pages(), compression.describe(), scale);
    }

    @Override
    public double pixelSizeA() {
        return Double.NaN;
    }

    @Override
    public int width() {
        return sensorWidth * scale;
    }

    @Override
    public int height() {
        return sensorHeight * scale;
    }

    @Override
    public int frameCount() {
        return tiff.pages();
    }

    @Override
    public boolean electronEvents() {
        return true;
    }

    @Override
    public boolean concurrentReads() {
        return channel instanceof java.nio.channels.FileChannel;
    }

    @Override
    public boolean addsDirectly() {
        return true;
    }

    @Override
    public void read(int index, float[] out) throws IOException {
        Arrays.fill(out, 0, width() * height(), 0f);
        add(index, out);
    }

    @Override
    public void add(int index, float[] sum) throws IOException {
        if (index < 0 || index >= tiff.pages()) {
            throw new IllegalArgumentException("raw frame " + index + " of " + tiff.pages());
        }
        String where = "EER frame " + (index + 1) + ": ";
        if (tiff.value(index, WIDTH, -1) != sensorWidth || tiff.value(index, HEIGHT, -1) != sensorHeight) {
            throw new BadInputException(name, where + "its size differs from frame 1's " + sensorWidth + " x "
                    + sensorHeight);
        }
        EerCompression c = index == 0 ? compression : compression(name, tiff, index);
        byte[][] holder = buffers.get();
        int length = stream(index, where, holder);
        int w = sensorWidth;
        int rw = width();
        int s = scale;
        EerCodec.Events sink = switch (s) {
            case 1 -> (p, qx, qy) -> sum[p]++;
            case 2 -> (p, qx, qy) -> sum[(2 * (p / w) + (qy >> 1)) * rw + 2 * (p % w) + (qx >> 1)]++;
            default -> (p, qx, qy) -> sum[(4 * (p / w) + qy) * rw + 4 * (p % w) + qx]++;
        };
        try {
            EerCodec.decode(holder[0], length, c, (long) sensorWidth * sensorHeight, sink);
        } catch (EerCodec.StreamException e) {
            throw new BadInputException(name, where + e.getMessage());
        }
    }

    /** Reads raw frame {@code index}'s strips into {@code buffer}; returns their length in bytes. */
    private int stream(int index, String where, byte[][] holder) throws IOException {
        long[] offsets = tiff.values(index, STRIP_OFFSETS);
        long[] counts = tiff.values(index, STRIP_BYTES);
        if (offsets == null || counts == null || offsets.length != counts.length) {
            throw new BadInputException(name, where + "strip offsets and byte counts are missing or do not match");
        }
        long total = 0;
        for (int k = 0; k < offsets.length; k++) {
            if (offsets[k] + counts[k] > tiff.fileSize()) {
                throw new BadInputException(name, where + "strip " + (k + 1) + " ends at byte "
                        + (offsets[k] + counts[k]) + ", past the end of the " + tiff.fileSize() + "-byte file");
            }
            total += counts[k];
        }
        if (total > (long) MAX_BYTES_PER_PIXEL * sensorWidth * sensorHeight + 64) {
            throw new BadInputException(name, where + "its " + total + "-byte event stream is longer than any "
                    + sensorWidth + " x " + sensorHeight + " frame can need");
        }
        if (holder[0].length < total) {
            holder[0] = new byte[(int) total];
        }
        byte[] buffer = holder[0];
        int at = 0;
        for (int k = 0; k < offsets.length; k++) {
            byte[] strip = tiff.bytes(offsets[k], (int) counts[k]);
            System.arraycopy(strip, 0, buffer, at, strip.length);
            at += strip.length;
        }
        return at;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
