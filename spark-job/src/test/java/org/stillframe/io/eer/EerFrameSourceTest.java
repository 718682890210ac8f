package org.stillframe.io.eer;

import java.nio.file.Path;
import org.stillframe.io.FrameSourceContract;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.io.SimulationWriter;

/**
 * The FrameSource contract for EER movies (compression 65001): each simulated frame's electrons spread over
 * {@value #SPLIT} raw frames, so the source's raw frames summed in runs of {@value #SPLIT} (what -FmIntFile
 * grouping renders) give the movie's frames.
 */
class EerFrameSourceTest extends FrameSourceContract {

    static final int SPLIT = 12;

    @Override
    protected Path write(Path folder) throws Exception {
        try (Workers w = new Workers(1)) {
            return SimulationWriter.writeEer(MOVIE, folder, "movie", SPLIT, w).movie();
        }
    }

    @Override
    protected int rawFramesPerFrame() {
        return SPLIT;
    }

    /** EER headers carry no pixel size. */
    @Override
    protected double expectedPixelSizeA() {
        return Double.NaN;
    }
}
