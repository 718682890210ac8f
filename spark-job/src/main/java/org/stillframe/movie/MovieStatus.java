package org.stillframe.movie;

/** How the correction of one movie ended; {@link #label()} is the tables' and logs' word for it. */
public enum MovieStatus {
    OK("ok"),
    FAILED("failed");

    private final String label;

    MovieStatus(String label) {
        this.label = label;
    }

    /** "ok" or "failed", as the movies table's status column holds it. */
    public String label() {
        return label;
    }
}
