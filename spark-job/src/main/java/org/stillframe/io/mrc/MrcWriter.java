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

    /** At most this many bytes of a section are encoded at once: small sums and huge stacks alike. */
    private static final long CHUNK_BYTES = 1 << 20;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final ByteBuffer chunk;     // a section is encoded and written this many rows at a time
    private final int chunkRows;
    private MrcHeader header;
    private int written;
    private double sum;
    private double sumSquares;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private boolean committed;
    private final java.util.BitSet placed = new java.util.BitSet(); // sections written by index

    private MrcWriter(Path target, MrcHeader header) throws IOException {
        this.target = target;
        this.header = header;
        this.temp = AtomicFiles.temporarySibling(target);
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        long rowBytes = header.mode().rowBytes(header.nx());
        this.chunkRows = (int) Math.max(1, Math.min(header.ny(), CHUNK_BYTES / Math.max(1, rowBytes)));
        this.chunk = ByteBuffer.allocate((int) (chunkRows * rowBytes)).order(header.byteOrder());
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
        checkRoom();
        if (!placed.isEmpty()) {
            throw new IllegalStateException("sequential and placed sections mixed");
        }
        encodeAt(written, pixels);
        written++;
    }

    /**
     * Writes {@code pixels} as section {@code index} (0-based), in any order and from any thread: e.g. a tilt
     * series' stack, whose tilts finish in acquisition order and are stacked by angle. Not to be mixed with the
     * sequential writes; each section once.
     */
    public synchronized void writeSection(int index, float[] pixels) throws IOException {
        if (index < 0 || index >= header.nz() || placed.get(index)) {
            throw new IllegalStateException("section " + index + " of " + header.nz() + " written twice or outside"
                    + " the file");
        }
        encodeAt(index, pixels);
        placed.set(index);
        written++;
    }

    /** Whether section {@code index} was written by {@link #writeSection(int, float[])}. */
    public synchronized boolean hasSection(int index) {
        return placed.get(index);
    }

    private void encodeAt(int index, float[] pixels) throws IOException {
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
        long offset = header.dataOffset() + index * header.sectionBytes();
        long rowBytes = header.mode().rowBytes(header.nx());
        for (int row = 0; row < header.ny(); row += chunkRows) {
            int rows = Math.min(chunkRows, header.ny() - row);
            chunk.clear();
            MrcCodec.encode(pixels, row * header.nx(), rows * header.nx(), header, chunk);
            chunk.position(0).limit((int) (rows * rowBytes));
            while (chunk.hasRemaining()) {
                offset += channel.write(chunk, offset);
            }
        }
    }

    /**
     * Appends the single section of the MRC image {@code file} as this file's next section. When the image has
     * this file's size, mode and byte order and its header records its statistics, its data
     * are copied as bytes inside the kernel and the statistics taken from its header (a tilt-series stack of
     * 41 sums: 0.4 s instead of 1.7 s); otherwise it is decoded and written like any section.
     */
    public void copySection(Path file) throws IOException {
        FileChannel source = FileChannel.open(file, StandardOpenOption.READ);
        try (MrcReader in = MrcReader.open(file.toString(), source)) {
            MrcHeader h = in.header();
            if (h.nx() != header.nx() || h.ny() != header.ny() || h.nz() != 1) {
                throw new org.stillframe.io.BadInputException(file.toString(), "is " + h.nx() + " x " + h.ny()
                        + " x " + h.nz() + ", not one " + header.nx() + " x " + header.ny() + " section");
            }
            checkRoom();
            if (!placed.isEmpty()) {
                throw new IllegalStateException("sequential and placed sections mixed");
            }
            if (h.mode() != header.mode() || !h.byteOrder().equals(header.byteOrder()) || !h.hasStatistics()) {
                float[] pixels = new float[h.nx() * h.ny()];
                in.read(0, pixels);
                writeSection(pixels);
                return;
            }
            long bytes = header.sectionBytes();
            long offset = header.dataOffset() + written * bytes;
            source.position(h.dataOffset());
            if (channel.size() < offset) { // transferFrom writes nothing past the end: extend the file first
                channel.write(ByteBuffer.allocate(1), offset - 1);
            }
            for (long done = 0; done < bytes; ) {
                long n = channel.transferFrom(source, offset + done, bytes - done);
                if (n <= 0) {
                    throw new org.stillframe.io.BadInputException(file.toString(), "file ends inside its section");
                }
                done += n;
            }
            double count = (double) h.nx() * h.ny();
            sum += (double) h.dmean() * count;
            sumSquares += ((double) h.rms() * h.rms() + (double) h.dmean() * h.dmean()) * count;
            min = Math.min(min, h.dmin());
            max = Math.max(max, h.dmax());
            written++;
        }
    }

    private void checkRoom() {
        if (written >= header.nz()) {
            throw new IllegalStateException("more sections than the header's " + header.nz());
        }
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
