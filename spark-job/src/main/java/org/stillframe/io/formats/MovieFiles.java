package org.stillframe.io.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Locale;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.MovieReadOptions;
import org.stillframe.io.Storage;
import org.stillframe.io.eer.EerReader;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.tiff.TiffReader;

/**
 * Opens any movie stillframe reads, choosing the format from the file's first bytes (bzip2, TIFF, else MRC) and
 * its name ({@code .eer}): MRC / MRCS, TIFF, EER, and any of them bzip2-compressed. The location may be a local
 * path or a Hadoop URI.
 */
public final class MovieFiles {

    private MovieFiles() {
    }

    public static FrameSource open(String location) throws IOException {
        return open(location, MovieReadOptions.DEFAULT);
    }

    public static FrameSource open(String location, MovieReadOptions options) throws IOException {
        SeekableByteChannel channel = Storage.openRead(location);
        try {
            return open(location, channel, options);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens an already opened channel, which the returned source owns. */
    public static FrameSource open(String name, SeekableByteChannel channel, MovieReadOptions options)
            throws IOException {
        byte[] magic = firstBytes(channel, 4);
        String lower = Storage.fileName(name).toLowerCase(Locale.ROOT);
        if (magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return Bzip2Movie.open(name, channel, options);
        }
        boolean tiff = (magic[0] == 'I' && magic[1] == 'I' && magic[2] == 42 && magic[3] == 0)
                || (magic[0] == 'M' && magic[1] == 'M' && magic[2] == 0 && magic[3] == 42);
        if (options.eer() || lower.endsWith(".eer")) {
            if (!tiff) {
                throw new BadInputException(name, "is not an EER file (no TIFF header; legacy non-TIFF EER is not"
                        + " supported)");
            }
            return EerReader.open(name, channel, options.eerSampling());
        }
        if (tiff) {
            return TiffReader.open(name, channel);
        }
        if (magic[0] == 'I' && magic[1] == 'I' && magic[2] == 43) {
            throw new BadInputException(name, "is a BigTIFF file, which stillframe does not read yet");
        }
        return MrcReader.open(name, channel);
    }

    private static byte[] firstBytes(SeekableByteChannel channel, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        channel.position(0);
        while (b.hasRemaining() && channel.read(b) >= 0) {
            // until full or end of file
        }
        channel.position(0);
        return b.array();
    }
}
