package org.stillframe.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.formats.MovieFiles;

/**
 * Fuzz-style: MRC and bzip2-compressed MRC files with random header bytes changed must either read or fail with
 * a one-line {@link BadInputException} naming the file — never another exception, a hang or an out-of-memory.
 * (The TIFF and EER readers have their own mutation tests.)
 */
class MutatedHeadersTest {

    /** A fixed number of seeded tries: the same mutated files on every run and machine. */
    private static final int TRIES = 400;

    @TempDir
    Path dir;

    @Test
    void mutatedMrcHeadersReadOrFailCleanly() throws Exception {
        byte[] original = fixture("EMD-3001.map"); // has an extended header: NSYMBT matters too
        fuzz(original, 1024 + 160, "m.mrc", 11);
    }

    @Test
    void mutatedBzip2StreamsReadOrFailCleanly() throws Exception {
        byte[] original = fixture("EMD-3197.map.bz2");
        fuzz(original, 64, "m.mrc.bz2", 12);
    }

    private void fuzz(byte[] original, int headerBytes, String name, long seed) {
        // The cap only turns a reader that never returns into a failure; the tries take a few seconds.
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            Random random = new Random(seed);
            for (int trials = 0; trials < TRIES; trials++) {
                byte[] b = original.clone();
                int changes = 1 + random.nextInt(4);
                for (int c = 0; c < changes; c++) {
                    int at = random.nextInt(Math.min(headerBytes, b.length));
                    b[at] = random.nextInt(3) == 0 ? (byte) 0xff : (byte) random.nextInt(256);
                }
                Path f = dir.resolve(trials + "-" + name);
                Files.write(f, b);
                tryToRead(f);
                Files.delete(f);
            }
        });
    }

    private static void tryToRead(Path f) {
        try (FrameSource s = MovieFiles.open(f.toString())) {
            float[] frame = new float[Math.multiplyExact(s.width(), s.height())];
            for (int k = 0; k < s.frameCount(); k++) {
                s.read(k, frame);
            }
        } catch (BadInputException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            if (!e.getMessage().startsWith(f.toString())) {
                fail("message does not name the file: " + e.getMessage());
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            fail(f.getFileName() + ": " + e, e);
        }
    }

    private byte[] fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/mrc/" + name)) {
            return in.readAllBytes();
        }
    }
}
