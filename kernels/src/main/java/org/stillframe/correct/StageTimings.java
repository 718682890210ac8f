package org.stillframe.correct;

/** Wall seconds per pipeline stage of one movie. */
public record StageTimings(double readSeconds, double alignSeconds, double sumSeconds) {

    public double totalSeconds() {
        return readSeconds + alignSeconds + sumSeconds;
    }
}
