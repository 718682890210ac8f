package org.stillframe.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stillframe.io.BadInputException;

/**
 * Random damage to the header, the IFDs and the strip/tile tables of every fixture: opening and reading all frames
 * must either work or give a BadInputException, never another exception, an OutOfMemoryError or a hang.
 */
class TiffFuzzTest {

    private static final long SEED = Long.getLong("tiff.fuzz.seed", 20261125L);
    /** A fixed number of tries, so every run on every machine checks the same damaged files (about 2 s here). */
    private static final int TRIES = Integer.getInteger("tiff.fuzz.tries", 2000);
    private static final int[] TABLE_TAGS = {273, 279, 324, 325};
    private static final int[] INTERESTING = {0, 1, 0x7f, 0x80, 0xff};

    /** The byte ranges [from, to) of a valid file that hold structure rather than pixels. */
    private static List<int[]> structure(byte[] file) {
        List<int[]> ranges = new ArrayList<>();
        ranges.add(new int[] {0, 8});
        ByteBuffer b = TiffFixtures.wrap(file);
        for (int ifd : TiffFixtures.ifdOffsets(file)) {
            int n = b.getShort(ifd) & 0xffff;
            ranges.add(new int[] {ifd, ifd + 2 + 12 * n + 4});
            for (int i = 0; i < n; i++) {
                int at = ifd + 2 + 12 * i;
                int tag = b.getShort(at) & 0xffff;
                int size = IfdEntry.typeSize(b.getShort(at + 2) & 0xffff);
                int bytes = b.getInt(at + 4) * size;
                if (Arrays.stream(TABLE_TAGS).anyMatch(t -> t == tag) && bytes > 4) {
                    int start = b.getInt(at + 8);
                    ranges.add(new int[] {start, start + bytes});
                }
            }
        }
        return ranges;
    }

    @Test
    void randomlyDamagedHeadersAndIfdsGiveBadInputOrAFrameNeverAnythingElse() {
        List<byte[]> files = new ArrayList<>();
        List<List<int[]>> regions = new ArrayList<>();
        for (String name : TiffFixtures.ALL) {
            byte[] file = TiffFixtures.bytes(name);
            files.add(file);
            regions.add(structure(file));
        }
        int[] outcomes = new int[2];
        // The cap is only there to turn a reader that loops forever into a failure; it is far above the run time.
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            Random random = new Random(SEED);
            for (int iteration = 0; iteration < TRIES; iteration++) {
                int f = random.nextInt(files.size());
                byte[] file = files.get(f).clone();
                List<int[]> ranges = regions.get(f);
                StringBuilder changes = new StringBuilder();
                int count = 1 + random.nextInt(4);
                for (int c = 0; c < count; c++) {
                    int[] range = ranges.get(random.nextInt(ranges.size()));
                    int at = range[0] + random.nextInt(range[1] - range[0]);
                    int value = random.nextBoolean() ? random.nextInt(256)
                            : INTERESTING[random.nextInt(INTERESTING.length)];
                    file[at] = (byte) value;
                    changes.append(' ').append(at).append('=').append(value);
                }
                try {
                    TiffCorruptInputTest.readAll(file);
                    outcomes[0]++;
                } catch (BadInputException e) {
                    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
                    outcomes[1]++;
                } catch (Throwable t) {
                    fail(TiffFixtures.ALL.get(f) + " iteration " + iteration + " with bytes" + changes + ": " + t, t);
                }
            }
        });
        assertEquals(TRIES, outcomes[0] + outcomes[1], Arrays.toString(outcomes));
        System.out.println("TIFF fuzz: " + outcomes[0] + " read, " + outcomes[1] + " refused");
    }
}
