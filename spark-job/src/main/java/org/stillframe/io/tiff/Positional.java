package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * Reads at a position without disturbing other readers: a file channel's positional read (thread-safe, so pages
 * can be decoded in parallel); any other channel (a Hadoop stream) seeks and reads under its lock.
 */
final class Positional {

    private Positional() {
    }

    static int read(SeekableByteChannel channel, ByteBuffer dst, long position) throws IOException {
        if (channel instanceof FileChannel file) {
            return file.read(dst, position);
        }
        synchronized (channel) {
            channel.position(position);
            return channel.read(dst);
        }
    }
}
