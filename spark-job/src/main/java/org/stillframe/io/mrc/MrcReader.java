package org.stillframe.io.mrc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;

/**
 * Reads an MRC movie (or image) section by section: frame k is read from its own offset, so memory holds one
 * section's bytes at a time whatever the file's size.
 */
public final class MrcReader implements FrameSource {

    private final String name;
    private final SeekableByteChannel channel;
    private final MrcHeader header;
    private final ThreadLocal<ByteBuffer> section;

    private MrcReader(String name, SeekableByteChannel channel, MrcHeader header) throws BadInputException {
        this.name = name;
        this.channel = channel;
        this.header = header;
        long bytes = header.sectionBytes();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new BadInputException(name, "a section of " + bytes + " bytes is larger than stillframe reads");
        }
        this.section = ThreadLocal.withInitial(() -> ByteBuffer.allocate((int) bytes).order(header.byteOrder()));
    }

    /** Opens a local file. */
    public static MrcReader open(Path path) throws IOException {
        String name = path.toString();
        SeekableByteChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name, "no such file");
        } catch (IOException e) {
            throw new BadInputException(name, "cannot be opened: " + e.getMessage());
        }
        if (Files.isDirectory(path)) {
            ch.close();
            throw new BadInputException(name, "is a directory, not an MRC file");
        }
        return open(name, ch);
    }

    /** Opens any seekable channel (a local file, a Hadoop stream); the reader owns and closes it. */
    public static MrcReader open(String name, SeekableByteChannel channel) throws IOException {
        try {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate(MrcHeader.SIZE);
            channel.position(0);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // keep reading until full or end of file
            }
            head.flip();
            MrcHeader header = MrcHeader.parse(head, name, size);
            return new MrcReader(name, channel, header);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public MrcHeader header() {
        return header;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String format() {
        return "MRC mode " + header.mode().code() + " (" + header.mode().label()
                + (header.mode() == MrcMode.INT8 ? (header.signedBytes() ? ", signed" : ", unsigned") : "") + ")";
    }

    @Override
    public double pixelSizeA() {
        return header.pixelSizeA();
    }

    @Override
    public int width() {
        return header.nx();
    }

    @Override
    public int height() {
        return header.ny();
    }

    @Override
    public int frameCount() {
        return header.nz();
    }

    /**
     * A gain reference stored in the extended header: when it holds at least one float32 frame-sized image and is
     * not one of the documented metadata layouts (FEI1, FEI2, SERI, AGAR, CCP4), its first nx·ny floats are taken
     * as the gain. Null when there is none.
     */
    @Override
    public float[] extendedHeaderGain() throws IOException {
        MrcHeader h = header();
        long needed = 4L * width() * height();
        if (h.nsymbt() < needed || java.util.Set.of("FEI1", "FEI2", "SERI", "AGAR", "CCP4").contains(h.extType())) {
            return null;
        }
        ByteBuffer b = extendedHeader((int) needed).order(h.byteOrder());
        float[] gain = new float[width() * height()];
        b.asFloatBuffer().get(gain);
        for (int i = 0; i < gain.length; i++) {
            if (!Float.isFinite(gain[i])) {
                throw new BadInputException(name(), "gain in the extended header has a non-finite value at pixel ("
                        + (i % width()) + ", " + (i / width()) + ")");
            }
        }
        return gain;
    }

    /** The first {@code bytes} bytes of the extended header (at most NSYMBT). */
    public synchronized ByteBuffer extendedHeader(int bytes) throws IOException {
        int n = (int) Math.min(bytes, header.nsymbt());
        ByteBuffer b = ByteBuffer.allocate(n);
        channel.position(MrcHeader.SIZE);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new BadInputException(name, "file ends inside the extended header");
            }
        }
        return b.flip();
    }

    /** Local files are read with positional reads: any thread, any order. */
    @Override
    public boolean concurrentReads() {
        return channel instanceof FileChannel;
    }

    @Override
    public void read(int index, float[] out) throws IOException {
        MrcCodec.decode(section(index), header, out);
    }

    /** Integer sections (8- and 16-bit) are decoded straight to counts; float and 4-bit ones are not. */
    @Override
    public boolean readCounts(int index, char[] out) throws IOException {
        return MrcCodec.countsMode(header) && MrcCodec.decodeCounts(section(index), header, out);
    }

    /** Section {@code index}'s bytes, in this thread's buffer. */
    private ByteBuffer section(int index) throws IOException {
        if (index < 0 || index >= header.nz()) {
            throw new IndexOutOfBoundsException(name + ": frame " + (index + 1) + " of " + header.nz());
        }
        long offset = header.dataOffset() + index * header.sectionBytes();
        ByteBuffer buf = section.get();
        buf.clear();
        if (channel instanceof FileChannel file) {
            while (buf.hasRemaining()) {
                if (file.read(buf, offset + buf.position()) < 0) {
                    throw endsInside(index);
                }
            }
        } else {
            synchronized (channel) {
                channel.position(offset);
                while (buf.hasRemaining()) {
                    if (channel.read(buf) < 0) {
                        throw endsInside(index);
                    }
                }
            }
        }
        return buf;
    }

    private BadInputException endsInside(int index) {
        return new BadInputException(name, "frame " + (index + 1) + ": file ends inside the frame");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
