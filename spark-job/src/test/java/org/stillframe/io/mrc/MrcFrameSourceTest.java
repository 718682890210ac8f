package org.stillframe.io.mrc;

import java.nio.file.Path;
import org.stillframe.io.FrameSourceContract;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.io.SimulationWriter;

/** The FrameSource contract for MRC movies (mode 1, int16, as the simulator writes them). */
class MrcFrameSourceTest extends FrameSourceContract {

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
}
