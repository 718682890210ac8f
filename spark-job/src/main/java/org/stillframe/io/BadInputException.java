package org.stillframe.io;

import java.io.IOException;

/**
 * An input file that cannot be used: truncated, of an unknown kind, inconsistent with the others. The message
 * is one line that names the file and the problem ("movie.mrc: frame 17: ..."); the CLI prints it without a
 * stack trace and the Spark job records it as the movie's failure.
 */
public class BadInputException extends IOException {

    private final String file;

    public BadInputException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public BadInputException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the problem is in, as the user named it. */
    public String file() {
        return file;
    }
}
