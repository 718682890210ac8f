package org.stillframe.io;

/**
 * How to read a movie file beyond what its header says.
 *
 * @param eerSampling EER rendering: 1 = physical pixels, 2 = 2× super-resolution, 3 = 4× (MotionCor2's
 *     {@code -EerSampling})
 * @param eer read the file as EER even without the {@code .eer} extension ({@code -InEer})
 */
public record MovieReadOptions(int eerSampling, boolean eer) {

    public static final MovieReadOptions DEFAULT = new MovieReadOptions(1, false);

    public MovieReadOptions {
        if (eerSampling < 1 || eerSampling > 3) {
            throw new IllegalArgumentException("-EerSampling must be 1, 2 or 3, not " + eerSampling);
        }
    }
}
