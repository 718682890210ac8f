package org.stillframe.io.formats;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.stillframe.io.FrameSourceContract;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.io.SimulationWriter;

/** The FrameSource contract for a bzip2-compressed MRC movie (movie.mrc.bz2), decompressed to a scratch copy. */
class Bzip2FrameSourceTest extends FrameSourceContract {

    @Override
    protected Path write(Path folder) throws Exception {
        Path plain;
        try (Workers w = new Workers(1)) {
            plain = SimulationWriter.write(MOVIE, Files.createDirectories(folder.resolveSibling("plain")), "movie",
                    MrcMode.INT16, w).movie();
        }
        Path packed = folder.resolve("movie.mrc.bz2");
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(packed))) {
            Files.copy(plain, out);
        }
        return packed;
    }

    @Override
    protected double expectedPixelSizeA() {
        return MOVIE.pixelSizeA();
    }
}
