package org.stillframe.io;

/**
 * How to read a movie file beyond what its header says.
 *
 * @param eerSampling EER rendering: 1 = physical pixels, 2 = 2× super-resolution, 3 = 4× (MotionCor2's
 *     {@code -EerSampling})
 * @param eer read the file as EER even without the {@code .eer} extension ({@code -InEer})
 * @param scratchDir local folder for the decompressed copy of a bzip2-compressed movie; null for the JVM's
 *     temporary folder ({@code java.io.tmpdir})
 */
public record MovieReadOptions(int eerSampling, boolean eer, String scratchDir) implements java.io.Serializable {

    public static final MovieReadOptions DEFAULT = new MovieReadOptions(1, false);

    public MovieReadOptions {
        if (eerSampling < 1 || eerSampling > 3) {
            throw new IllegalArgumentException("-EerSampling must be 1, 2 or 3, not " + eerSampling);
        }
    }

    public MovieReadOptions(int eerSampling, boolean eer) {
        this(eerSampling, eer, null);
    }

    /** These options with decompressed copies written to {@code folder}. */
    public MovieReadOptions withScratchDir(java.nio.file.Path folder) {
        return new MovieReadOptions(eerSampling, eer, folder.toString());
    }
}
