package org.stillframe.spark;

import java.io.Serializable;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.PerMovie;

/**
 * One movie of a dataset, as listed on the driver.
 *
 * @param location     local path or Hadoop URI
 * @param stem         output name stem (the file name without its movie extensions), unique in the dataset
 * @param sizeBytes    file size, for balancing and for noticing a changed file
 * @param modifiedMillis modification time, for noticing a changed file
 * @param opticsGroup  RELION optics group (1 unless listed by a movies.star)
 * @param perMovie     what the listing says about this movie (a movies.star's optics group: pixel size, voltage,
 *                     gain; a tilt's pre-exposure and dose); flags given to the job win over it
 */
public record MovieEntry(String location, String stem, long sizeBytes, long modifiedMillis, int opticsGroup,
                         PerMovie perMovie) implements Serializable {

    public MovieEntry(String location, String stem, long sizeBytes, long modifiedMillis) {
        this(location, stem, sizeBytes, modifiedMillis, 1, PerMovie.NONE);
    }

    /** The same movie with what the job's own flags set taken out of its per-movie values. */
    MovieEntry under(MotionCorArgs job) {
        return new MovieEntry(location, stem, sizeBytes, modifiedMillis, opticsGroup, perMovie.without(job));
    }
}
