package org.stillframe.pipeline;

import java.io.IOException;
import org.stillframe.gain.GainSums;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;

/**
 * Reads movies one at a time into {@link GainSums} for {@code stillframe gain}: each movie's raw frames are summed
 * (no gain, no defect repair) and added; only the sums of the frame's size are kept, whatever the number of movies.
 * The command's local loop and each Spark partition use it the same way.
 */
public final class GainAccumulator {

    private final int maxFrames;
    private GainSums sums;
    private String first; // the movie that set the frame size, for messages
    private float[] movieSum;

    /** @param maxFrames at most this many frames of each movie (the first ones); 0 = all */
    public GainAccumulator(int maxFrames) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("--max-frames must be >= 0, got " + maxFrames);
        }
        this.maxFrames = maxFrames;
    }

    /** Adds one movie (a local path or Hadoop URI); a movie that cannot be read or has another size is bad input. */
    public void add(String location) throws IOException {
        try (FrameSource movie = MovieFiles.open(location)) {
            int nx = movie.width();
            int ny = movie.height();
            if (sums == null) {
                sums = new GainSums(nx, ny);
                movieSum = new float[nx * ny];
                first = location;
            } else if (nx != sums.width() || ny != sums.height()) {
                throw new BadInputException(location, "is " + nx + "x" + ny + ", " + first + " is " + sums.width()
                        + "x" + sums.height() + ": a gain needs movies of one camera and size");
            }
            int frames = maxFrames > 0 ? Math.min(maxFrames, movie.frameCount()) : movie.frameCount();
            java.util.Arrays.fill(movieSum, 0f);
            for (int i = 0; i < frames; i++) {
                movie.add(i, movieSum);
            }
            sums.add(movieSum, frames);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(location, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The sums so far, or null when no movie was added. */
    public GainSums sums() {
        return sums;
    }
}
