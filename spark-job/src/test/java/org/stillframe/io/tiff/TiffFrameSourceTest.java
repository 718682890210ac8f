package org.stillframe.io.tiff;

import java.awt.image.DataBuffer;
import java.nio.file.Path;
import java.util.List;
import org.stillframe.io.FrameSourceContract;

/** The FrameSource contract for TIFF movies: 16-bit LZW pages, top row first, written by the JDK's encoder. */
class TiffFrameSourceTest extends FrameSourceContract {

    @Override
    protected Path write(Path folder) throws Exception {
        Path file = folder.resolve("movie.tif");
        TiffWriting.write(file, List.of(expectedFrames()), MOVIE.width(), MOVIE.height(), DataBuffer.TYPE_USHORT,
                "LZW");
        return file;
    }

    /** TIFF resolution tags never give a detector pixel in Å. */
    @Override
    protected double expectedPixelSizeA() {
        return Double.NaN;
    }
}
