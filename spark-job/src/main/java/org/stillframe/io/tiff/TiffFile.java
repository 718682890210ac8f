package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import org.stillframe.io.BadInputException;

/** Small positioned reads from a TIFF file in its byte order, for walking IFDs without ImageIO. */
final class TiffFile {

    private final String name;
    private final SeekableByteChannel channel;
    private final long size;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    TiffFile(String name, SeekableByteChannel channel) throws IOException {
        this.name = name;
        this.channel = channel;
        this.size = channel.size();
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    ByteOrder order() {
        return order;
    }

    void order(ByteOrder order) {
        this.order = order;
    }

    /** Reads {@code length} bytes at {@code position}; callers check the range against {@link #size()} first. */
    ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        while (b.hasRemaining()) {
            if (Positional.read(channel, b, position + b.position()) < 0) {
                throw new BadInputException(name, "file ends at byte " + (position + b.position())
                        + " while reading " + length + " bytes at byte " + position);
            }
        }
        return b.flip();
    }

    int u16(long position) throws IOException {
        return read(position, 2).getShort() & 0xffff;
    }

    long u32(long position) throws IOException {
        return read(position, 4).getInt() & 0xffffffffL;
    }
}
