package org.stillframe.spark;

import java.io.Serializable;

/** What a task sends back to the driver about its movie (the full outcome stays on the shared storage). */
public record TaskStatus(String stem, boolean ok, String error, String device, double seconds)
        implements Serializable {
}
