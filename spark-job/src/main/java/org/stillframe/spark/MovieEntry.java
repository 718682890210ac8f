package org.stillframe.spark;

import java.io.Serializable;

/**
 * One movie of a dataset, as listed on the driver.
 *
 * @param location     local path or Hadoop URI
 * @param stem         output name stem (the file name without its movie extensions), unique in the dataset
 * @param sizeBytes    file size, for balancing and for noticing a changed file
 * @param modifiedMillis modification time, for noticing a changed file
 * @param opticsGroup  RELION optics group (1 unless listed by a movies.star)
 * @param defaults     processing flags from the dataset listing (a movies.star's optics group: -PixSize, -Kv,
 *                     -Gain); flags given to the job replace them
 */
public record MovieEntry(String location, String stem, long sizeBytes, long modifiedMillis, int opticsGroup,
                         java.util.List<String> defaults) implements Serializable {

    public MovieEntry(String location, String stem, long sizeBytes, long modifiedMillis) {
        this(location, stem, sizeBytes, modifiedMillis, 1, java.util.List.of());
    }
}
