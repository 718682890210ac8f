package org.stillframe.spark;

import java.io.Serializable;

/**
 * One movie of a dataset, as listed on the driver.
 *
 * @param location     local path or Hadoop URI
 * @param stem         output name stem (the file name without its movie extensions), unique in the dataset
 * @param sizeBytes    file size, for balancing and for noticing a changed file
 * @param modifiedMillis modification time, for noticing a changed file
 */
public record MovieEntry(String location, String stem, long sizeBytes, long modifiedMillis) implements Serializable {
}
