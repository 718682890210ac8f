package org.stillframe.io.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.MovieReadOptions;
import org.stillframe.io.Storage;

/**
 * A bzip2-compressed movie ({@code movie.mrc.bz2}): decompressed once into a temporary local file, which the
 * format reader then reads with random access and which is deleted when the movie is closed. (Formats need
 * random access, and bzip2 decompresses at ~25 MB/s a core, so decoding the stream twice would cost more.)
 */
final class Bzip2Movie implements FrameSource {

    private final FrameSource inner;
    private final Path temp;

    private Bzip2Movie(FrameSource inner, Path temp) {
        this.inner = inner;
        this.temp = temp;
    }

    static FrameSource open(String name, SeekableByteChannel compressed, MovieReadOptions options)
            throws IOException {
        String innerName = name.toLowerCase(java.util.Locale.ROOT).endsWith(".bz2")
                ? name.substring(0, name.length() - 4) : name;
        String prefix = "stillframe-";
        String suffix = "-" + Storage.fileName(innerName);
        Path temp = options.scratchDir() == null ? Files.createTempFile(prefix, suffix)
                : Files.createTempFile(Path.of(options.scratchDir()), prefix, suffix);
        try {
            try (compressed;
                    InputStream in = new BZip2CompressorInputStream(
                            new java.io.BufferedInputStream(Channels.newInputStream(compressed), 1 << 16), true);
                    OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new BadInputException(name, "bzip2 stream is damaged: " + e.getMessage(), e);
            }
            FileChannel plain = FileChannel.open(temp, StandardOpenOption.READ);
            FrameSource inner = MovieFiles.open(innerName, plain, options);
            return new Bzip2Movie(inner, temp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public String name() {
        return inner.name() + ".bz2";
    }

    @Override
    public String format() {
        return inner.format() + ", bzip2-compressed";
    }

    @Override
    public double pixelSizeA() {
        return inner.pixelSizeA();
    }

    @Override
    public int width() {
        return inner.width();
    }

    @Override
    public int height() {
        return inner.height();
    }

    @Override
    public int frameCount() {
        return inner.frameCount();
    }

    @Override
    public void read(int index, float[] out) throws IOException {
        inner.read(index, out);
    }

    @Override
    public boolean readCounts(int index, char[] out) throws IOException {
        return inner.readCounts(index, out);
    }

    @Override
    public void add(int index, float[] sum) throws IOException {
        inner.add(index, sum);
    }

    @Override
    public boolean addsDirectly() {
        return inner.addsDirectly();
    }

    @Override
    public boolean electronEvents() {
        return inner.electronEvents();
    }

    @Override
    public boolean concurrentReads() {
        return inner.concurrentReads();
    }

    @Override
    public float[] extendedHeaderGain() throws IOException {
        return inner.extendedHeaderGain();
    }

    @Override
    public void close() throws IOException {
        try {
            inner.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
