package org.stillframe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.net.URL;

/**
 * The defaults in stillframe's {@code reference.conf}, under any {@code -Dconfig.file} and {@code -D} overrides,
 * loaded once.
 */
public final class Defaults {

    private static final Config ROOT = load();

    private Defaults() {
    }

    public static Config root() {
        return ROOT;
    }

    /** stillframe.motioncor: the per-movie correction defaults. */
    public static Config motionCor() {
        return ROOT.getConfig("stillframe.motioncor");
    }

    /**
     * Our own reference.conf, found as the first one on the class path, instead of {@link ConfigFactory#load()}'s
     * search for every reference.conf and application.conf: with Spark's ~200 jars on the class path that search
     * opens each jar, 0.15–0.3 s of every command's start (measured). Should another library's reference.conf come
     * first, the full search is used.
     */
    private static Config load() {
        URL url = Defaults.class.getResource("/reference.conf");
        Config own = url == null ? ConfigFactory.empty() : ConfigFactory.parseURL(url);
        if (!own.hasPath("stillframe")) {
            return ConfigFactory.load();
        }
        String file = System.getProperty("config.file");
        Config user = file == null ? ConfigFactory.empty() : ConfigFactory.parseFile(new File(file));
        return ConfigFactory.defaultOverrides().withFallback(user).withFallback(own).resolve();
    }
}
