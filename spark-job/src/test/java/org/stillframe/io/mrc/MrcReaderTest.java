package org.stillframe.io.mrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.BadInputException;

class MrcReaderTest {

    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/mrc/" + name)) {
            Files.copy(in, out);
        }
        return out;
    }

    @Test
    void readsARealEmdbMapWithItsPixelSizeAndValues() throws Exception {
        try (MrcReader r = MrcReader.open(fixture("EMD-3197.map"))) {
            assertEquals(20, r.width());
            assertEquals(20, r.height());
            assertEquals(20, r.frameCount());
            assertEquals(MrcMode.FLOAT32, r.header().mode());
            assertEquals(11.4, r.pixelSizeA(), 1e-6);
            float[] section = new float[400];
            r.read(0, section);
            assertEquals(-1.8013091f, section[0], 1e-6f);
            assertEquals(-1.5478334f, section[2], 1e-6f);
            r.read(1, section);
            assertEquals(-1.8409119f, section[0], 1e-6f);
            double sum = 0;
            for (int z = 0; z < 20; z++) {
                r.read(z, section);
                for (float v : section) {
                    sum += v;
                }
            }
            assertEquals(0.783612, sum / 8000, 1e-5);
        }
    }

    @Test
    void skipsTheExtendedHeaderGivenByNsymbt() throws Exception {
        try (MrcReader r = MrcReader.open(fixture("EMD-3001.map"))) {
            assertEquals(160, r.header().nsymbt());
            assertEquals(73, r.width());
            float[] section = new float[73 * 43];
            r.read(0, section);
            assertEquals(0.04283447f, section[0], 1e-7f);
            assertEquals(0.02694716f, section[1], 1e-7f);
        }
    }

    @Test
    void readsRealFloat16Mode12() throws Exception {
        try (MrcReader r = MrcReader.open(fixture("float16.mrc"))) {
            assertEquals(MrcMode.FLOAT16, r.header().mode());
            assertEquals(3.595, r.pixelSizeA(), 1e-3);
            float[] img = new float[64 * 64];
            r.read(0, img);
            assertEquals(-0.3645f, img[0], 1e-3f);
            assertEquals(0.391f, img[1], 1e-3f);
        }
    }

    @Test
    void everyWritableModeRoundTripsExactly() throws Exception {
        int nx = 6;
        int ny = 4;
        float[][] frames = {new float[nx * ny], new float[nx * ny], new float[nx * ny]};
        for (int z = 0; z < 3; z++) {
            for (int i = 0; i < nx * ny; i++) {
                frames[z][i] = (i * 7 + z * 3) % 100 - (z == 1 ? 40 : 0);
            }
        }
        for (MrcMode mode : List.of(MrcMode.INT8, MrcMode.INT16, MrcMode.FLOAT32, MrcMode.FLOAT16)) {
            assertRoundTrip(mode, true, nx, ny, frames);
        }
        // Values a signed 16-bit word cannot hold, and half pixels an integer mode cannot.
        float[] high = new float[nx * ny];
        for (int i = 0; i < high.length; i++) {
            high[i] = i == 0 ? 65535 : 32768 + 1300 * i;
        }
        float[][] positive = {frames[0], frames[2], high};
        assertRoundTrip(MrcMode.UINT16, true, nx, ny, positive);
        float[][] fractions = {{0.5f, -2.25f, 100.75f, -0.125f, 3, 65504}}; // exact in binary16 too
        assertRoundTrip(MrcMode.FLOAT32, true, 6, 1, fractions);
        assertRoundTrip(MrcMode.FLOAT16, true, 6, 1, fractions);
        float[][] bytes = {{0, 1, 128, 200, 255, 17}, {255, 254, 3, 2, 1, 0}};
        assertRoundTrip(MrcMode.INT8, false, 3, 2, bytes);
    }

    /** Writes {@code frames} in {@code mode} to {@code f}; 8-bit data unsigned when not {@code signed}. */
    private static void write(Path f, MrcMode mode, boolean signed, int nx, int ny, float[][] frames)
            throws Exception {
        MrcHeader h = MrcHeader.forImage(nx, ny, frames.length, mode, 1.25);
        if (!signed) {
            h = new MrcHeader(nx, ny, frames.length, mode, nx, ny, frames.length, 1.25f * nx, 1.25f * ny,
                    1.25f * frames.length, 0, 0, 0, 0, 0, 0, "MRCO", 20141, ByteOrder.LITTLE_ENDIAN, false, List.of());
        }
        try (MrcWriter w = MrcWriter.create(f, h)) {
            for (float[] frame : frames) {
                w.writeSection(frame);
            }
            w.commit();
        }
    }

    /**
     * Writes {@code frames} in {@code mode}, checks the file's bytes against MRC2014 (MODE word, length, each
     * pixel's encoding, read here without MrcReader) and reads them back.
     */
    private void assertRoundTrip(MrcMode mode, boolean signed, int nx, int ny, float[][] frames) throws Exception {
        Path f = dir.resolve("rt-" + mode + signed + nx + ".mrc");
        write(f, mode, signed, nx, ny, frames);
        // The MRC2014 mode numbers and pixel sizes in bytes, stated here rather than taken from MrcMode.
        int code = switch (mode) {
            case INT8 -> 0;
            case INT16 -> 1;
            case FLOAT32 -> 2;
            case UINT16 -> 6;
            case FLOAT16 -> 12;
            default -> throw new AssertionError(mode);
        };
        int bytesPerPixel = switch (code) {
            case 0 -> 1;
            case 1, 6, 12 -> 2;
            default -> 4;
        };
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(code, file.getInt(12), mode + ": MODE word");
        assertEquals(1024L + (long) nx * ny * frames.length * bytesPerPixel, file.capacity(), mode + ": file size");
        for (int z = 0; z < frames.length; z++) {
            for (int i = 0; i < nx * ny; i++) {
                int at = 1024 + (z * nx * ny + i) * bytesPerPixel;
                float stored = switch (code) {
                    case 0 -> signed ? file.get(at) : file.get(at) & 0xff;
                    case 1 -> file.getShort(at);
                    case 6 -> file.getShort(at) & 0xffff;
                    case 12 -> halfToFloat(file.getShort(at));
                    default -> file.getFloat(at);
                };
                assertEquals(frames[z][i], stored, 0, mode + " bytes of frame " + z + " pixel " + i);
            }
        }
        if (code == 0) {
            // IMOD's stamp and its signed-bytes flag (bit 0 of the flags word) say how to read mode 0.
            assertEquals(1146047817, file.getInt(152), "IMOD stamp");
            assertEquals(signed ? 1 : 0, file.getInt(156) & 1, "IMOD signed-bytes flag");
        }
        try (MrcReader r = MrcReader.open(f)) {
            assertEquals(mode, r.header().mode());
            if (mode == MrcMode.INT8) {
                assertEquals(signed, r.header().signedBytes());
            }
            assertEquals(1.25, r.pixelSizeA(), 1e-6);
            float[] out = new float[nx * ny];
            for (int z = 0; z < frames.length; z++) {
                r.read(z, out);
                for (int i = 0; i < nx * ny; i++) {
                    assertEquals(frames[z][i], out[i], 0, mode + " frame " + z + " pixel " + i);
                }
            }
        }
    }

    /** IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
    private static float halfToFloat(short h) {
        int sign = (h >>> 15) & 1;
        int exponent = (h >>> 10) & 0x1f;
        int fraction = h & 0x3ff;
        double magnitude;
        if (exponent == 0) {
            magnitude = fraction * Math.pow(2, -24);
        } else if (exponent == 31) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = (1 + fraction / 1024.0) * Math.pow(2, exponent - 15);
        }
        return (float) (sign == 1 ? -magnitude : magnitude);
    }

    @Test
    void statisticsCoverEveryPixelOfSectionsOfAnySize() throws Exception {
        // 3 × 3: two blocks of four and a last pixel on its own; the extremes in different places of each section.
        float[][] sections = {{4, 9, -2, 5, 0, 1, 7, 3, -6}, {11, 2, 2, 2, 2, 2, 2, 2, 2}};
        Path f = dir.resolve("stats9.mrc");
        try (MrcWriter w = MrcWriter.create(f, MrcHeader.forImage(3, 3, 2, MrcMode.FLOAT32, 1))) {
            for (float[] section : sections) {
                w.writeSection(section);
            }
            w.commit();
        }
        double s = 0;
        double q = 0;
        for (float[] section : sections) {
            for (float v : section) {
                s += v;
                q += (double) v * v;
            }
        }
        double mean = s / 18;
        try (MrcReader r = MrcReader.open(f)) {
            assertEquals(-6f, r.header().dmin());
            assertEquals(11f, r.header().dmax());
            assertEquals(mean, r.header().dmean(), 1e-6);
            assertEquals(Math.sqrt(q / 18 - mean * mean), r.header().rms(), 1e-5);
        }
    }

    @Test
    void writerRecordsStatisticsAndLeavesNoFileUntilCommitted() throws Exception {
        Path f = dir.resolve("stats.mrc");
        try (MrcWriter w = MrcWriter.create(f, MrcHeader.forImage(2, 2, 1, MrcMode.FLOAT32, 1))) {
            w.writeSection(new float[] {1, 2, 3, 6});
            assertFalse(Files.exists(f));
            w.commit();
        }
        try (MrcReader r = MrcReader.open(f)) {
            assertEquals(1f, r.header().dmin());
            assertEquals(6f, r.header().dmax());
            assertEquals(3f, r.header().dmean());
        }
        Path g = dir.resolve("abandoned.mrc");
        try (MrcWriter w = MrcWriter.create(g, MrcHeader.forImage(2, 2, 2, MrcMode.FLOAT32, 1))) {
            w.writeSection(new float[4]);
        }
        assertFalse(Files.exists(g));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }

    /** Sections larger than the writer's 1 MiB chunk, in a float and an integer mode, come back exactly. */
    @Test
    void sectionsWrittenInChunksRoundTripExactly() throws Exception {
        int nx = 700;
        int ny = 900; // 2.5 MB a float32 section: three chunks, the last one partial
        float[][] sections = new float[2][nx * ny];
        java.util.Random r = new java.util.Random(5);
        for (float[] sec : sections) {
            for (int i = 0; i < sec.length; i++) {
                sec[i] = r.nextInt(2000) - 1000;
            }
        }
        for (MrcMode mode : List.of(MrcMode.FLOAT32, MrcMode.INT16)) {
            Path f = dir.resolve("chunks-" + mode + ".mrc");
            try (MrcWriter w = MrcWriter.create(f, MrcHeader.forImage(nx, ny, 2, mode, 1))) {
                w.writeSection(sections[0]);
                w.writeSection(sections[1]);
                w.commit();
            }
            try (MrcReader in = MrcReader.open(f)) {
                float[] back = new float[nx * ny];
                for (int z = 0; z < 2; z++) {
                    in.read(z, back);
                    assertArrayEqualsExactly(sections[z], back, mode + " section " + z);
                }
            }
        }
    }

    /**
     * A stack assembled from single-image files by copying their bytes holds the same data and header statistics
     * as one written section by section; an image without recorded statistics is decoded instead, and one of
     * another size is refused naming the file.
     */
    @Test
    void copiedSectionsMatchWrittenOnes() throws Exception {
        int nx = 300;
        int ny = 200;
        java.util.Random r = new java.util.Random(9);
        List<Path> images = new java.util.ArrayList<>();
        float[][] data = new float[3][nx * ny];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < nx * ny; i++) {
                data[k][i] = (float) (10 * k + r.nextGaussian());
            }
            Path img = dir.resolve("img" + k + ".mrc");
            MrcWriter.writeImage(img, data[k], nx, ny, 1.5);
            images.add(img);
        }
        // The third image's header says its statistics were not computed (RMS −1): the copy must decode it.
        Path third = images.get(2);
        try (var ch = java.nio.channels.FileChannel.open(third, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, -1f), 216);
        }
        Path copied = dir.resolve("copied.st");
        Path written = dir.resolve("written.st");
        try (MrcWriter c = MrcWriter.create(copied, MrcHeader.forImage(nx, ny, 3, MrcMode.FLOAT32, 1.5));
             MrcWriter w = MrcWriter.create(written, MrcHeader.forImage(nx, ny, 3, MrcMode.FLOAT32, 1.5))) {
            for (int k = 0; k < 3; k++) {
                c.copySection(images.get(k));
                w.writeSection(data[k]);
            }
            c.commit();
            w.commit();
        }
        try (MrcReader a = MrcReader.open(copied); MrcReader b = MrcReader.open(written)) {
            float[] x = new float[nx * ny];
            float[] y = new float[nx * ny];
            for (int z = 0; z < 3; z++) {
                a.read(z, x);
                b.read(z, y);
                assertArrayEqualsExactly(y, x, "section " + z);
            }
            assertEquals(b.header().dmin(), a.header().dmin());
            assertEquals(b.header().dmax(), a.header().dmax());
            assertEquals(b.header().dmean(), a.header().dmean(), 1e-5);
            assertEquals(b.header().rms(), a.header().rms(), 1e-5 * b.header().rms());
        }
        MrcWriter.writeImage(dir.resolve("small.mrc"), new float[4], 2, 2, 1.5);
        try (MrcWriter c = MrcWriter.create(dir.resolve("bad.st"), MrcHeader.forImage(nx, ny, 1, MrcMode.FLOAT32,
                1.5))) {
            BadInputException e = assertThrows(BadInputException.class, () -> c.copySection(dir.resolve("small.mrc")));
            assertTrue(e.getMessage().contains("small.mrc") && e.getMessage().contains("2 x 2"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("bad.st")));
    }

    private static void assertArrayEqualsExactly(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + ": pixel " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void mode101PacksTheLeftPixelInTheLowNibbleWithRowsOnByteBoundaries() throws Exception {
        // 3 x 2 image: row stride is 2 bytes. Row 0: 1, 2, 3; row 1: 15, 0, 9.
        byte[] data = {(byte) 0x21, (byte) 0x03, (byte) 0x0f, (byte) 0x09};
        Path f = rawFile("packed.mrc", 3, 2, 1, 101, data, ByteOrder.LITTLE_ENDIAN);
        try (MrcReader r = MrcReader.open(f)) {
            float[] img = new float[6];
            r.read(0, img);
            assertEquals(List.of(1f, 2f, 3f, 15f, 0f, 9f), List.of(img[0], img[1], img[2], img[3], img[4], img[5]));
        }
    }

    @Test
    void integerSectionsAreReadAsCountsWithTheValuesOfFloats() throws Exception {
        int nx = 4;
        int ny = 2;
        float[] small = {0, 1, 2, 3, 250, 255, 17, 9};
        float[] large = {0, 300, 32767, 5, 6, 7, 8, 1000};
        float[] negative = {0, 1, -2, 3, 4, 5, 6, 7};
        float[] full = {65535, 40000, 32768, 0, 1, 2, 3, 4};
        assertCounts(MrcMode.INT8, false, nx, ny, new float[][] {small}, true);
        assertCounts(MrcMode.INT8, true, nx, ny, new float[][] {{0, 1, 2, 3, 4, 5, 6, 127}}, true);
        assertCounts(MrcMode.INT8, true, nx, ny, new float[][] {negative}, false);
        assertCounts(MrcMode.INT16, true, nx, ny, new float[][] {small, large}, true);
        assertCounts(MrcMode.INT16, true, nx, ny, new float[][] {negative}, false);
        assertCounts(MrcMode.UINT16, true, nx, ny, new float[][] {large, full}, true);
        assertCounts(MrcMode.FLOAT32, true, nx, ny, new float[][] {small}, false);
        assertCounts(MrcMode.FLOAT16, true, nx, ny, new float[][] {small}, false);
    }

    /** Writes the frames in {@code mode}; each must be read as counts (or not), with read()'s values. */
    private void assertCounts(MrcMode mode, boolean signed, int nx, int ny, float[][] frames, boolean counts)
            throws Exception {
        Path f = dir.resolve("counts-" + mode + signed + counts + ".mrc");
        write(f, mode, signed, nx, ny, frames);
        try (MrcReader r = MrcReader.open(f)) {
            for (int z = 0; z < frames.length; z++) {
                char[] c = new char[nx * ny];
                assertEquals(counts, r.readCounts(z, c), mode + " frame " + z + " read as counts");
                if (counts) {
                    float[] v = new float[nx * ny];
                    r.read(z, v);
                    for (int i = 0; i < v.length; i++) {
                        assertEquals(v[i], c[i], mode + " pixel " + i);
                        assertEquals(frames[z][i], c[i], mode + " pixel " + i);
                    }
                }
            }
        }
    }

    @Test
    void readsBigEndianFilesByTheirMachineStamp() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        data.putShort((short) 300).putShort((short) -2).putShort((short) 7).putShort((short) 1000);
        Path f = rawFile("big.mrc", 2, 2, 1, 1, data.array(), ByteOrder.BIG_ENDIAN);
        try (MrcReader r = MrcReader.open(f)) {
            float[] img = new float[4];
            r.read(0, img);
            assertEquals(300f, img[0]);
            assertEquals(-2f, img[1]);
            assertEquals(1000f, img[3]);
        }
    }

    @Test
    void mode0IsUnsignedWhenTheHeaderMaximumSaysSoAndNoImodStampIsPresent() throws Exception {
        Path f = rawFile("counts.mrc", 2, 1, 1, 0, new byte[] {(byte) 200, 5}, ByteOrder.LITTLE_ENDIAN);
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0).putFloat(200);
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(h.flip(), 76);
        }
        try (MrcReader r = MrcReader.open(f)) {
            float[] img = new float[2];
            r.read(0, img);
            assertEquals(200f, img[0]);
        }
    }

    // ---- bad input: one line naming the file and the fault ----

    @Test
    void truncatedFileIsRejectedWithSizes() throws Exception {
        Path f = rawFile("short.mrc", 4, 4, 3, 2, new byte[4 * 4 * 4 * 2], ByteOrder.LITTLE_ENDIAN);
        BadInputException e = assertThrows(BadInputException.class, () -> MrcReader.open(f));
        assertOneLine(e, "short.mrc", "truncated");
    }

    @Test
    void unknownModeIsRejected() throws Exception {
        Path f = rawFile("mode7.mrc", 2, 2, 1, 7, new byte[16], ByteOrder.LITTLE_ENDIAN);
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(f)), "mode7.mrc",
                "unsupported MRC mode 7");
    }

    @Test
    void zeroOrNegativeSizesAreRejected() throws Exception {
        Path zero = rawFile("zero.mrc", 0, 4, 1, 2, new byte[0], ByteOrder.LITTLE_ENDIAN);
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(zero)), "zero.mrc", "invalid size");
        Path negative = rawFile("neg.mrc", 4, -4, 1, 2, new byte[0], ByteOrder.LITTLE_ENDIAN);
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(negative)), "neg.mrc",
                "invalid size");
    }

    @Test
    void sizesWhoseProductOverflowsAreRejected() throws Exception {
        Path f = rawFile("huge.mrc", 1 << 19, 1 << 19, Integer.MAX_VALUE, 2, new byte[0], ByteOrder.LITTLE_ENDIAN);
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(f)), "huge.mrc", "overflow");
    }

    @Test
    void aTextFileIsNotAnMrcFile() throws Exception {
        Path f = dir.resolve("notes.mrc");
        Files.writeString(f, "this is not an image\n".repeat(100));
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(f)), "notes.mrc", "not an MRC");
        Path tiny = dir.resolve("tiny.mrc");
        Files.writeString(tiny, "MRC?");
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(tiny)), "tiny.mrc", "not an MRC");
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(dir.resolve("nope.mrc"))),
                "nope.mrc", "no such file");
        assertOneLine(assertThrows(BadInputException.class, () -> MrcReader.open(dir)), dir.toString(),
                "directory");
    }

    private static void assertOneLine(BadInputException e, String file, String fault) {
        String m = e.getMessage();
        assertTrue(m.contains(file), m);
        assertTrue(m.contains(fault), m);
        assertFalse(m.contains("\n"), m);
    }

    /** A minimal MRC file written byte by byte, independently of MrcWriter. */
    private Path rawFile(String name, int nx, int ny, int nz, int mode, byte[] data, ByteOrder order)
            throws IOException {
        ByteBuffer h = ByteBuffer.allocate(1024).order(order);
        h.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode);
        h.putInt(28, nx).putInt(32, ny).putInt(36, nz);
        h.putFloat(40, nx).putFloat(44, ny).putFloat(48, nz);
        h.put(208, (byte) 'M').put(209, (byte) 'A').put(210, (byte) 'P').put(211, (byte) ' ');
        if (order == ByteOrder.BIG_ENDIAN) {
            h.put(212, (byte) 0x11).put(213, (byte) 0x11);
        } else {
            h.put(212, (byte) 0x44).put(213, (byte) 0x44);
        }
        Path f = dir.resolve(name);
        byte[] all = new byte[1024 + data.length];
        System.arraycopy(h.array(), 0, all, 0, 1024);
        System.arraycopy(data, 0, all, 1024, data.length);
        Files.write(f, all);
        return f;
    }
}
