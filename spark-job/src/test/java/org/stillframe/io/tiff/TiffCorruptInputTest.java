package org.stillframe.io.tiff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stillframe.io.BadInputException;

/** Each kind of damage a TIFF movie can have gives one line naming the file and the frame, quickly. */
class TiffCorruptInputTest {

    private static final String NAME = "movie_0003.tif";

    /** Opens and reads every frame; returns the message of the BadInputException that must come. */
    static String badInputMessage(byte[] file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            BadInputException e = assertThrows(BadInputException.class, () -> readAll(file));
            String m = e.getMessage();
            assertFalse(m.contains("\n") || m.contains("\r"), m);
            assertTrue(m.startsWith(NAME + ": "), m);
            return m;
        });
    }

    static void readAll(byte[] file) throws Exception {
        try (TiffReader r = TiffReader.open(NAME, new BytesChannel(file))) {
            float[] frame = new float[r.width() * r.height()];
            for (int i = 0; i < r.frameCount(); i++) {
                r.read(i, frame);
            }
        }
    }

    private static void assertMessage(byte[] file, String... parts) {
        String m = badInputMessage(file);
        assertTrue(m.contains("frame"), m);
        for (String part : parts) {
            assertTrue(m.contains(part), "\"" + m + "\" lacks \"" + part + "\"");
        }
    }

    private static byte[] fixture() {
        return TiffFixtures.bytes("u8-none-strips-II.tif");
    }

    private static int ifd(byte[] file, int page) {
        return TiffFixtures.ifdOffsets(file).get(page);
    }

    /** Position of the values of the table-valued {@code tag} of page {@code page}. */
    private static int tableStart(byte[] file, int page, int tag) {
        return TiffFixtures.wrap(file).getInt(TiffFixtures.entry(file, ifd(file, page), tag) + 8);
    }

    @Test
    void aStripRunningPastTheEndOfTheFileNamesFrameAndStrip() {
        byte[] file = fixture();
        int counts = tableStart(file, 1, PageParser.STRIP_BYTE_COUNTS);
        TiffFixtures.wrap(file).putShort(counts + 2 * 5, (short) 60000);
        assertMessage(file, "frame 2: strip 6 ends at byte ", "past the end of the " + file.length + "-byte file");
    }

    @Test
    void aTruncatedFileNamesTheFirstFrameItCannotFind() {
        byte[] whole = fixture();
        byte[] file = Arrays.copyOf(whole, ifd(whole, 2) + 20);
        assertMessage(file, "frame 3: the IFD at byte " + ifd(whole, 2));
    }

    @Test
    void aTruncatedLzwMovieFailsOnTheCutFrameNotSilently() {
        byte[] whole = TiffFixtures.bytes("u16-lzw-strips-II.tif");
        // Move frame 3's strips to the end of a file cut short, as a writer that puts IFDs first would leave it.
        byte[] file = Arrays.copyOf(whole, whole.length);
        int offsets = tableStart(file, 2, PageParser.STRIP_OFFSETS);
        TiffFixtures.wrap(file).putInt(offsets + 4 * 5, file.length - 10);
        assertMessage(file, "frame 3: strip 6 ends at byte");
    }

    @Test
    void anIfdOffsetBeyondTheFileNamesTheFrame() {
        byte[] file = fixture();
        TiffFixtures.wrap(file).putInt(TiffFixtures.nextPointer(file, ifd(file, 0)), file.length + 1000);
        assertMessage(file, "frame 2: IFD offset " + (file.length + 1000) + " is outside the " + file.length);
    }

    @Test
    void anOddIfdOffsetInsideThePixelsIsRefused() {
        byte[] file = fixture();
        int next = TiffFixtures.nextPointer(file, ifd(file, 0));
        TiffFixtures.wrap(file).putInt(next, 9);
        assertMessage(file, "frame 2: ");
        TiffFixtures.wrap(file).putInt(next, 3);
        assertMessage(file, "frame 2: IFD offset 3 is outside");
    }

    @Test
    void anIfdChainLoopingBackIsRefusedNotFollowed() {
        byte[] file = fixture();
        List<Integer> ifds = TiffFixtures.ifdOffsets(file);
        TiffFixtures.wrap(file).putInt(TiffFixtures.nextPointer(file, ifds.get(2)), ifds.get(0));
        assertMessage(file, "frame 4: IFD offset " + ifds.get(0) + " points back to frame 1");
        byte[] self = fixture();
        TiffFixtures.wrap(self).putInt(TiffFixtures.nextPointer(self, ifds.get(1)), ifds.get(1));
        assertMessage(self, "frame 3: IFD offset " + ifds.get(1) + " points back to frame 2");
    }

    @Test
    void anIfdWithMoreEntriesThanTheFileHoldsIsRefused() {
        byte[] file = fixture();
        int second = ifd(file, 1);
        TiffFixtures.wrap(file).putShort(second, (short) 0xffff);
        assertMessage(file, "frame 2: the IFD at byte " + second + " with 65535 entries ends at byte");
    }

    @Test
    void anUnknownCompressionIsNamed() {
        byte[] file = fixture();
        TiffFixtures.wrap(file).putShort(TiffFixtures.entry(file, ifd(file, 1), 259) + 8, (short) 7);
        assertMessage(file, "frame 2: compression 7 is not supported");
        TiffFixtures.wrap(file).putShort(TiffFixtures.entry(file, ifd(file, 1), 259) + 8, (short) 65001);
        assertMessage(file, "frame 2: compression 65001 is EER's");
    }

    @Test
    void anAbsurdWidthIsRefusedBeforeAllocating() {
        byte[] file = fixture();
        ByteBuffer b = TiffFixtures.wrap(file);
        int width = TiffFixtures.entry(file, ifd(file, 0), 256);
        b.putShort(width + 2, (short) 4);
        b.putInt(width + 8, 1 << 30);
        assertMessage(file, "frame 1: a 1073741824 x 45 8-bit unsigned frame is larger than stillframe reads");
        b.putInt(width + 8, 1 << 20);
        assertMessage(file, "frame 1: a 1048576 x 45 frame cannot fit in a " + file.length + "-byte file");
    }

    @Test
    void anAbsurdHeightNeedsMoreStripsThanListed() {
        byte[] file = fixture();
        TiffFixtures.wrap(file).putShort(TiffFixtures.entry(file, ifd(file, 0), 257) + 8, (short) 65535);
        assertMessage(file, "frame 1: a 70 x 65535 page needs 8192 strips but the IFD lists 6");
    }

    @Test
    void anAbsurdStripCountRunsPastTheFile() {
        byte[] file = fixture();
        TiffFixtures.wrap(file).putInt(TiffFixtures.entry(file, ifd(file, 2), 273) + 4, Integer.MAX_VALUE);
        assertMessage(file, "frame 3: tag 273: 2147483647 values at byte");
    }

    @Test
    void zeroRowsPerStripIsRefused() {
        byte[] file = fixture();
        TiffFixtures.wrap(file).putShort(TiffFixtures.entry(file, ifd(file, 1), 278) + 8, (short) 0);
        assertMessage(file, "frame 2: RowsPerStrip 0 is not usable");
    }

    @Test
    void anUncompressedStripShorterThanItsRowsIsRefused() {
        byte[] file = fixture();
        int counts = tableStart(file, 2, PageParser.STRIP_BYTE_COUNTS);
        TiffFixtures.wrap(file).putShort(counts, (short) 100);
        assertMessage(file, "frame 3: strip 1 has 100 bytes, fewer than the 560 its pixels need");
    }

    @Test
    void aCompressionTagOfTypeLongIsRefusedBecauseThePluginWouldIgnoreIt() {
        // Found by TiffFuzzTest: the plugin then decoded deflate data as uncompressed and hit the end of file.
        byte[] file = TiffFixtures.bytes("f32-zip-strips-II.tif");
        int compression = TiffFixtures.entry(file, ifd(file, 1), 259);
        TiffFixtures.wrap(file).putShort(compression + 2, (short) 4);
        assertMessage(file, "frame 2: tag 259 has type 4 and 1 values, not a SHORT value");
    }

    @Test
    void aMissingRequiredTagIsNamed() {
        byte[] file = fixture();
        TiffFixtures.wrap(file).putShort(TiffFixtures.entry(file, ifd(file, 1), 256), (short) 999);
        assertMessage(file, "frame 2: required tag 256 is missing");
    }

    @Test
    void garbledLzwDataFailsOnItsFrameOrDecodes() {
        // In-bounds garbage is either decodable or an error naming the frame: never another exception type.
        byte[] file = TiffFixtures.bytes("u8-lzw-strips-II.tif");
        int offsets = tableStart(file, 1, PageParser.STRIP_OFFSETS);
        int strip = TiffFixtures.wrap(file).getInt(offsets);
        Arrays.fill(file, strip, strip + 64, (byte) 0xff);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                readAll(file);
            } catch (BadInputException e) {
                assertTrue(e.getMessage().startsWith(NAME + ": frame 2: "), e.getMessage());
            }
        });
    }

    @Test
    void fixturesUsedHereAreValid() throws Exception {
        for (String name : List.of("u8-none-strips-II.tif", "u16-lzw-strips-II.tif", "u8-lzw-strips-II.tif")) {
            readAll(TiffFixtures.bytes(name));
        }
    }
}
