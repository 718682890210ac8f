package org.stillframe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The defaults in {@code reference.conf} (and any application.conf or -D overrides), loaded once. */
public final class Defaults {

    private static final Config ROOT = ConfigFactory.load();

    private Defaults() {
    }

    public static Config root() {
        return ROOT;
    }

    /** stillframe.motioncor: the per-movie correction defaults. */
    public static Config motionCor() {
        return ROOT.getConfig("stillframe.motioncor");
    }
}
