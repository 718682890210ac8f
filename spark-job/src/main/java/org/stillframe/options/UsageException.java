package org.stillframe.options;

/** A command line that cannot be run as given; the message is one line for the user. */
public class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
