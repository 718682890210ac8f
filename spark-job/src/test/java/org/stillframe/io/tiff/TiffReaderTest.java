package org.stillframe.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;

class TiffReaderTest {

    private static final int W = TiffFixtures.WIDTH;
    private static final int H = TiffFixtures.HEIGHT;

    @TempDir
    Path dir;

    static Iterable<String> fixtures() {
        return TiffFixtures.ALL;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodesEveryLibtiffVariantToTheWrittenValuesBottomRowFirst(String fixture) throws Exception {
        SampleType type = TiffFixtures.type(fixture);
        try (TiffReader r = TiffReader.open(fixture, new BytesChannel(TiffFixtures.bytes(fixture)))) {
            assertEquals(W, r.width());
            assertEquals(H, r.height());
            assertEquals(TiffFixtures.PAGES, r.frameCount());
            assertTrue(r.format().startsWith("TIFF, " + type.label() + ", "), r.format());
            float[] frame = new float[W * H];
            for (int p = 0; p < TiffFixtures.PAGES; p++) {
                r.read(p, frame);
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        float want = TiffFixtures.expected(type, x, H - 1 - y, p);
                        if (frame[y * W + x] != want) {
                            assertEquals(want, frame[y * W + x], fixture + " frame " + (p + 1) + " x " + x
                                    + " row " + y);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void integerPagesAreReadAsCountsWithTheValuesOfFloats(String fixture) throws Exception {
        SampleType type = TiffFixtures.type(fixture);
        try (TiffReader r = TiffReader.open(fixture, new BytesChannel(TiffFixtures.bytes(fixture)))) {
            float[] frame = new float[W * H];
            char[] counts = new char[W * H];
            for (int p = 0; p < TiffFixtures.PAGES; p++) {
                r.read(p, frame);
                boolean allCounts = true;
                for (float v : frame) {
                    allCounts &= v >= 0 && v <= 65535 && v == (int) v;
                }
                boolean integer = type == SampleType.U8 || type == SampleType.I8 || type == SampleType.U16
                        || type == SampleType.I16;
                boolean read = r.readCounts(p, counts);
                assertEquals(integer && allCounts, read, fixture + " frame " + (p + 1) + " read as counts");
                for (int i = 0; read && i < frame.length; i++) {
                    if (counts[i] != frame[i]) {
                        assertEquals(frame[i], counts[i], fixture + " frame " + (p + 1) + " pixel " + i);
                    }
                }
            }
        }
    }

    @Test
    void keepsTheStoredRowOrderWhenFlipYIsFalse() throws Exception {
        String fixture = "u16-lzw2-tiles-MM.tif";
        try (TiffReader r = TiffReader.open(fixture, new BytesChannel(TiffFixtures.bytes(fixture)), false)) {
            float[] frame = new float[W * H];
            r.read(1, frame);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(TiffFixtures.expected(SampleType.U16, x, y, 1), frame[y * W + x]);
                }
            }
        }
    }

    @Test
    void movieFilesOpensATiffWithThisReader() throws Exception {
        Path path = dir.resolve("movie.tif");
        Files.write(path, TiffFixtures.bytes("u8-lzw-strips-II.tif"));
        try (FrameSource source = MovieFiles.open(path.toString())) {
            assertInstanceOf(TiffReader.class, source);
            assertEquals(3, source.frameCount());
            assertEquals("TIFF, 8-bit unsigned, LZW, strips, little-endian", source.format());
            assertTrue(Double.isNaN(source.pixelSizeA()));
            assertTrue(source.concurrentReads()); // a decoder per thread, positional reads
        }
    }

    @Test
    void formatNamesPredictorTilesAndByteOrder() throws Exception {
        String fixture = "u16-lzw2-tiles-MM.tif";
        try (TiffReader r = TiffReader.open(fixture, new BytesChannel(TiffFixtures.bytes(fixture)))) {
            assertEquals("TIFF, 16-bit unsigned, LZW with predictor 2, tiles 32 x 16, big-endian", r.format());
        }
    }

    @Test
    void refusesAPageOfAnotherSizeNamingIt() throws Exception {
        byte[] file = TiffFixtures.bytes("u8-lzw-strips-II.tif");
        int ifd = TiffFixtures.ifdOffsets(file).get(1);
        TiffFixtures.wrap(file).putShort(TiffFixtures.entry(file, ifd, 256) + 8, (short) 64);
        BadInputException e = assertThrows(BadInputException.class,
                () -> TiffReader.open("movie.tif", new BytesChannel(file)));
        assertEquals("movie.tif: frame 2: 64 x 45 8-bit unsigned, but frame 1 is 70 x 45 8-bit unsigned",
                e.getMessage());
    }

    @Test
    void rejectsAFrameIndexOutsideTheMovie() throws Exception {
        String fixture = "u8-none-strips-II.tif";
        try (TiffReader r = TiffReader.open(fixture, new BytesChannel(TiffFixtures.bytes(fixture)))) {
            assertThrows(IndexOutOfBoundsException.class, () -> r.read(3, new float[W * H]));
        }
    }

    @Test
    void closeClosesTheChannel() throws Exception {
        BytesChannel channel = new BytesChannel(TiffFixtures.bytes("u8-none-strips-II.tif"));
        TiffReader.open("movie.tif", channel).close();
        assertFalse(channel.isOpen());
    }
}
