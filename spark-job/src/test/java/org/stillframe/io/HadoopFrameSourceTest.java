package org.stillframe.io;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.io.SimulationWriter;

/**
 * The FrameSource contract for a movie read through Hadoop's FileSystem ({@link HadoopChannel}, as hdfs:// and
 * s3a:// movies are), here a file:// URI on the local file system.
 */
class HadoopFrameSourceTest extends FrameSourceContract {

    @Override
    protected Path write(Path folder) throws Exception {
        try (Workers w = new Workers(1)) {
            return SimulationWriter.write(MOVIE, folder, "movie", MrcMode.INT16, w).movie();
        }
    }

    @Override
    protected double expectedPixelSizeA() {
        return MOVIE.pixelSizeA();
    }

    /** As {@link Storage#openRead} opens a non-local location, with the channel owned by the source once open. */
    @Override
    protected FrameSource open(Path file, MovieReadOptions options) throws IOException {
        String uri = nameOf(file);
        SeekableByteChannel channel = HadoopChannel.open(uri);
        try {
            return MovieFiles.open(uri, channel, options);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    protected String nameOf(Path file) {
        return file.toUri().toString();
    }
}
