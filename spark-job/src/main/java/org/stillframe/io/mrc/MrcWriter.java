package org.stillframe.io.mrc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.stillframe.io.AtomicFiles;

/**
 * Writes an MRC file section by section into a temporary file beside the target, and moves it into place only
 * on {@link #commit()}: a failed or interrupted run never leaves a partial file under the final name.
 * Header statistics (min, max, mean, RMS) are accumulated while writing.
 */
public final class MrcWriter implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final ByteBuffer section;
    private MrcHeader header;
    private int written;
    private double sum;
    private double sumSquares;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private boolean committed;

    private MrcWriter(Path target, MrcHeader header) throws IOException {
        this.target = target;
        this.header = header;
        this.temp = AtomicFiles.temporarySibling(target);
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.section = ByteBuffer.allocate((int) header.sectionBytes()).order(header.byteOrder());
    }

    /** Starts a file with the given header's size, mode and cell; statistics are filled in on commit. */
    public static MrcWriter create(Path target, MrcHeader header) throws IOException {
        return new MrcWriter(target, header);
    }

    /** As {@link #create(Path, MrcHeader)}, with the extended header's bytes (header.nsymbt() of them). */
    public static MrcWriter create(Path target, MrcHeader header, byte[] extended) throws IOException {
        if (extended.length != header.nsymbt()) {
            throw new IllegalArgumentException("extended header of " + extended.length + " bytes, header says "
                    + header.nsymbt());
        }
        MrcWriter w = new MrcWriter(target, header);
        ByteBuffer b = ByteBuffer.wrap(extended);
        long offset = MrcHeader.SIZE;
        while (b.hasRemaining()) {
            offset += w.channel.write(b, offset);
        }
        return w;
    }

    /** Writes a whole single-section float32 image. */
    public static void writeImage(Path target, float[] pixels, int nx, int ny, double pixelSizeA)
            throws IOException {
        try (MrcWriter w = create(target, MrcHeader.forImage(nx, ny, 1, MrcMode.FLOAT32, pixelSizeA))) {
            w.writeSection(pixels);
            w.commit();
        }
    }

    public void writeSection(float[] pixels) throws IOException {
        if (written >= header.nz()) {
            throw new IllegalStateException("more sections than the header's " + header.nz());
        }
        int n = header.nx() * header.ny();
        for (int i = 0; i < n; i++) {
            float v = pixels[i];
            sum += v;
            sumSquares += (double) v * v;
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        section.clear();
        MrcCodec.encode(pixels, header, section);
        section.position(0).limit(section.capacity());
        long offset = header.dataOffset() + written * header.sectionBytes();
        while (section.hasRemaining()) {
            offset += channel.write(section, offset);
        }
        written++;
    }

    /** Writes the header and moves the file to its final name. */
    public void commit() throws IOException {
        if (written != header.nz()) {
            throw new IllegalStateException(target + ": wrote " + written + " of " + header.nz() + " sections");
        }
        double count = (double) header.nx() * header.ny() * header.nz();
        double mean = sum / count;
        double rms = Math.sqrt(Math.max(0, sumSquares / count - mean * mean));
        header = header.withStatistics(min, max, (float) mean, (float) rms);
        ByteBuffer head = header.encode();
        long offset = 0;
        while (head.hasRemaining()) {
            offset += channel.write(head, offset);
        }
        channel.close();
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temp);
        }
    }
}
