package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
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

    public ChannelImageInputStream(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
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
        return block.get((int) (streamPos++ - blockStart)) & 0xff;
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
            channel.position(streamPos);
            while (dst.hasRemaining()) {
                if (channel.read(dst) < 0) {
                    break;
                }
            }
            int got = n - dst.remaining();
            streamPos += got;
            return got == 0 ? -1 : got;
        }
        fill(streamPos);
        int available = (int) Math.min(n, blockStart + block.limit() - streamPos);
        block.position((int) (streamPos - blockStart));
        block.get(b, off, available);
        streamPos += available;
        return available;
    }

    private void fill(long pos) throws IOException {
        if (blockStart >= 0 && pos >= blockStart && pos < blockStart + block.limit()) {
            return;
        }
        block.clear();
        channel.position(pos);
        while (block.hasRemaining()) {
            if (channel.read(block) < 0) {
                break;
            }
        }
        block.flip();
        blockStart = pos;
    }
}
