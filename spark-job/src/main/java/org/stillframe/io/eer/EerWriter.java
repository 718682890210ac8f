package org.stillframe.io.eer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.stillframe.io.AtomicFiles;

/**
 * Writes an EER movie: a little-endian TIFF, one page per raw frame, one strip per page holding the frame's
 * event stream. Frames are appended one at a time; the file appears under its name only when closed after
 * {@link #commit()}. Each raw frame holds at most one electron per pixel (the format cannot say more).
 */
public final class EerWriter implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final FileChannel out;
    private final int width;
    private final int height;
    private final EerCompression compression;
    private long previousNextOffset = 4; // where the last IFD's "next IFD" offset lives (the header's at first)
    private boolean committed;

    private EerWriter(Path target, int width, int height, EerCompression compression) throws IOException {
        this.target = target;
        this.temp = AtomicFiles.temporarySibling(target);
        this.out = FileChannel.open(temp, StandardOpenOption.WRITE);
        this.width = width;
        this.height = height;
        this.compression = compression;
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(0).flip();
        write(head, 0);
    }

    public static EerWriter create(Path target, int width, int height, EerCompression compression)
            throws IOException {
        return new EerWriter(target, width, height, compression);
    }

    /** Appends a raw frame: electrons at strictly increasing pixel indices, sub-pixel positions in quarters. */
    public void writeFrame(int[] pixel, int[] quarterX, int[] quarterY) throws IOException {
        byte[] stream = EerCodec.encode(pixel, quarterX, quarterY, compression, (long) width * height);
        long stripAt = out.size();
        write(ByteBuffer.wrap(stream), stripAt);
        long ifdAt = (out.size() + 1) & ~1L; // IFDs start on a word boundary
        boolean extra = compression.code() == 65002;
        int entries = extra ? 12 : 9;
        ByteBuffer ifd = ByteBuffer.allocate(2 + 12 * entries + 4).order(ByteOrder.LITTLE_ENDIAN);
        ifd.putShort((short) entries);
        entry(ifd, 256, 4, width);
        entry(ifd, 257, 4, height);
        entry(ifd, 258, 3, 1);
        entry(ifd, 259, 3, compression.code());
        entry(ifd, 262, 3, 1);
        entry(ifd, 273, 4, stripAt);
        entry(ifd, 277, 3, 1);
        entry(ifd, 278, 4, height);
        entry(ifd, 279, 4, stream.length);
        if (extra) {
            entry(ifd, EerCompression.TAG_RUN_BITS, 3, compression.runBits());
            entry(ifd, EerCompression.TAG_SUB_BITS_X, 3, compression.subBitsX());
            entry(ifd, EerCompression.TAG_SUB_BITS_Y, 3, compression.subBitsY());
        }
        ifd.putInt(0).flip();
        write(ifd, ifdAt);
        ByteBuffer link = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) ifdAt).flip();
        write(link, previousNextOffset);
        previousNextOffset = ifdAt + 2 + 12L * entries;
        if (out.size() > 0xffff_ff00L) {
            throw new IOException(target + ": an EER file larger than 4 GB needs BigTIFF, which is not written");
        }
    }

    private static void entry(ByteBuffer ifd, int tag, int type, long value) {
        ifd.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            ifd.putShort((short) value).putShort((short) 0);
        } else {
            ifd.putInt((int) value);
        }
    }

    private void write(ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += out.write(b, at);
        }
    }

    /** Marks the movie complete: closing now renames it into place. */
    public void commit() {
        committed = true;
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (committed) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(temp);
        }
    }
}
