package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;

/** TIFF movies: one page per frame. (Being written for issue 6.) */
public final class TiffReader {

    private TiffReader() {
    }

    /** Opens a TIFF movie; the returned source owns the channel. */
    public static FrameSource open(String name, SeekableByteChannel channel) throws IOException {
        channel.close();
        throw new BadInputException(name, "TIFF movies are not supported yet");
    }
}
