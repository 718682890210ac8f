package org.stillframe.io.eer;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;

/** EER movies (Falcon 4/4i electron-event recordings). (Being written for issue 6.) */
public final class EerReader {

    private EerReader() {
    }

    /** Opens an EER movie rendered at {@code sampling} (1, 2, 3); the returned source owns the channel. */
    public static FrameSource open(String name, SeekableByteChannel channel, int sampling) throws IOException {
        channel.close();
        throw new BadInputException(name, "EER movies are not supported yet");
    }
}
