package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO input stream over a seekable channel (a local file or a Hadoop stream), so the JDK's TIFF plugin
 * can read pages at random without copying the file. Reads are buffered in 64 KiB blocks; the stream does not
 * close the channel (its owner does).
 */
public final class ChannelImageInputStream extends ImageInputStreamImpl {

    private static final int BLOCK = 1 << 16;

    private final SeekableByteChannel channel;
    private final long size;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    private long blockStart = -1;
    private final TreeMap<Long, byte[]> patches = new TreeMap<>();

    public ChannelImageInputStream(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    /**
     * Makes reads see {@code bytes} at {@code position} instead of the file's (at most 8 bytes). The TIFF reader
     * uses it to show ImageIO Predictor 1 where the plugin cannot undo predictor 2 itself and the reader does.
     */
    void patch(long position, byte[] bytes) {
        patches.put(position, bytes.clone());
    }

    @Override
    public long length() {
        return size;
    }

    @Override
    public int read() throws IOException {
        if (streamPos >= size) {
            return -1;
        }
        fill(streamPos);
        bitOffset = 0;
        byte[] one = {block.get((int) (streamPos - blockStart))};
        applyPatches(streamPos, one, 0, 1);
        streamPos++;
        return one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException();
        }
        if (len == 0) {
            return 0;
        }
        if (streamPos >= size) {
            return -1;
        }
        bitOffset = 0;
        int n = (int) Math.min(len, size - streamPos);
        if (n >= BLOCK) {
            // Large reads (strips) go straight to the caller's array.
            ByteBuffer dst = ByteBuffer.wrap(b, off, n);
            long from = streamPos;
            while (dst.hasRemaining()) {
                if (Positional.read(channel, dst, from + (dst.position() - off)) < 0) {
                    break;
                }
            }
            int got = n - dst.remaining();
            applyPatches(streamPos, b, off, got);
            streamPos += got;
            return got == 0 ? -1 : got;
        }
        // Fill the whole request, across block boundaries: ImageInputStreamImpl's readInt/readShort treat a short
        // read as the end of the file, so a value straddling two blocks must still come back whole.
        int done = 0;
        while (done < n) {
            fill(streamPos);
            int available = (int) Math.min(n - done, blockStart + block.limit() - streamPos);
            if (available <= 0) {
                break;
            }
            block.position((int) (streamPos - blockStart));
            block.get(b, off + done, available);
            applyPatches(streamPos, b, off + done, available);
            streamPos += available;
            done += available;
        }
        return done == 0 ? -1 : done;
    }

    /** Overwrites the bytes of {@code b[off..off+len)}, read from file position {@code start}, that are patched. */
    private void applyPatches(long start, byte[] b, int off, int len) {
        if (patches.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, byte[]> e : patches.subMap(start - 8, true, start + len, false).entrySet()) {
            byte[] bytes = e.getValue();
            for (int i = 0; i < bytes.length; i++) {
                long at = e.getKey() + i;
                if (at >= start && at < start + len) {
                    b[off + (int) (at - start)] = bytes[i];
                }
            }
        }
    }

    private void fill(long pos) throws IOException {
        if (blockStart >= 0 && pos >= blockStart && pos < blockStart + block.limit()) {
            return;
        }
        block.clear();
        while (block.hasRemaining()) {
            if (Positional.read(channel, block, pos + block.position()) < 0) {
                break;
            }
        }
        block.flip();
        blockStart = pos;
    }
}
