package org.stillframe.io;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A read-only seekable channel over a Hadoop {@code FileSystem} file, so the format readers need not know where
 * a movie lives. Reads are positional ({@code readFully(position, ...)}), which object stores serve as ranged
 * requests.
 */
final class HadoopChannel implements SeekableByteChannel {

    private final FSDataInputStream in;
    private final long size;
    private long position;
    private boolean open = true;

    HadoopChannel(FSDataInputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    static HadoopChannel open(String location) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        try {
            FileSystem fs = path.getFileSystem(new Configuration());
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                throw new BadInputException(location, "is a directory, not a movie file");
            }
            return new HadoopChannel(fs.open(path), status.getLen());
        } catch (FileNotFoundException e) {
            throw new BadInputException(location, "no such file");
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(location, "cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Wraps an already opened Hadoop stream of {@code size} bytes (tests, callers holding a FileSystem). */
    static HadoopChannel of(FSDataInputStream in, long size) {
        return new HadoopChannel(in, size);
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        if (n == 0) {
            return 0;
        }
        byte[] bytes;
        int offset;
        if (dst.hasArray()) {
            bytes = dst.array();
            offset = dst.arrayOffset() + dst.position();
        } else {
            bytes = new byte[n];
            offset = 0;
        }
        try {
            in.readFully(position, bytes, offset, n);
        } catch (EOFException e) {
            return -1;
        }
        if (!dst.hasArray()) {
            dst.put(bytes, 0, n);
        } else {
            dst.position(dst.position() + n);
        }
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        in.close();
    }
}
