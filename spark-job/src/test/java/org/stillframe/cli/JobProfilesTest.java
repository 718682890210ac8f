package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stillframe.config.Defaults;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.SettingsFromFlags;

/** The detector profiles in conf/: each parses over the defaults and its flags are valid motioncor flags. */
class JobProfilesTest {

    @Test
    void everyProfileGivesValidMotionCorFlags() throws Exception {
        List<Path> profiles;
        try (var s = Files.list(Path.of("../conf"))) {
            profiles = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertFalse(profiles.isEmpty());
        for (Path p : profiles) {
            Config job = ConfigFactory.parseFile(p.toFile()).withFallback(Defaults.root()).resolve()
                    .getConfig("stillframe.job");
            List<String> flags = new ArrayList<>(job.getStringList("motioncor"));
            flags.addAll(List.of("-InMrc", "m.mrc", "-OutMrc", "s.mrc"));
            SettingsFromFlags.settings(MotionCorArgs.parse(flags.toArray(String[]::new))); // throws if invalid
            job.getConfig("spark"); // the defaults' Spark settings survive the profile
        }
    }

    @Test
    void commandLineFlagsReplaceTheProfilesFlagOfTheSameName() {
        List<String> merged = JobCommand.mergeFlags(List.of("-Patch", "7", "5", "-Kv", "300"),
                List.of("-patch", "5", "5", "-PixSize", "0.83"));
        assertEquals(List.of("-Kv", "300", "-patch", "5", "5", "-PixSize", "0.83"), merged);
    }
}
