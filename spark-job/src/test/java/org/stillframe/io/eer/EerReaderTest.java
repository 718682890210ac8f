package org.stillframe.io.eer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.correct.RenderedFrames;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.io.MovieReadOptions;

/** EER files written by {@link EerWriter} read back through the movie opener: rendering, grouping, bad files. */
class EerReaderTest {

    static final int W = 64;
    static final int H = 48;
    static final int RAW = 12;

    @TempDir
    Path dir;

    /** Per raw frame: pixel, quarter x, quarter y of each electron. */
    int[][][] events = new int[RAW][][];

    Path write(String name, EerCompression c) throws IOException {
        SplittableRandom rnd = new SplittableRandom(17);
        Path f = dir.resolve(name);
        try (EerWriter w = EerWriter.create(f, W, H, c)) {
            for (int r = 0; r < RAW; r++) {
                int[] px = rnd.ints(0, W * H).distinct().limit(150 + r).sorted().toArray();
                int step = 4 >> c.subBitsX();
                int[] qx = rnd.ints(px.length, 0, 4).map(q -> q / step * step).toArray();
                int[] qy = rnd.ints(px.length, 0, 4).map(q -> q / step * step).toArray();
                events[r] = new int[][] {px, qx, qy};
                w.writeFrame(px, qx, qy);
            }
            w.commit();
        }
        return f;
    }

    float[] expected(int r, int scale) {
        float[] out = new float[W * H * scale * scale];
        int[] px = events[r][0];
        for (int i = 0; i < px.length; i++) {
            int x = px[i] % W;
            int y = px[i] / W;
            int sx = scale == 1 ? 0 : events[r][1][i] / (4 / scale);
            int sy = scale == 1 ? 0 : events[r][2][i] / (4 / scale);
            out[(y * scale + sy) * W * scale + x * scale + sx]++;
        }
        return out;
    }

    @Test
    void rawFramesRenderExactlyAtEverySamplingAndCompression() throws Exception {
        for (EerCompression c : new EerCompression[] {EerCompression.C65000, EerCompression.C65001,
            EerCompression.C65002_7_1_1}) {
            Path f = write("m" + c.code() + ".eer", c);
            for (int sampling = 1; sampling <= 3; sampling++) {
                int scale = sampling == 3 ? 4 : sampling;
                try (FrameSource s = MovieFiles.open(f.toString(), new MovieReadOptions(sampling, false))) {
                    assertTrue(s.electronEvents());
                    assertEquals(RAW, s.frameCount());
                    assertEquals(W * scale, s.width());
                    assertEquals(H * scale, s.height());
                    float[] frame = new float[s.width() * s.height()];
                    for (int r = 0; r < RAW; r++) {
                        s.read(r, frame);
                        assertArrayEquals(expected(r, scale), frame, c.code() + " x" + scale + " frame " + r);
                        double total = 0;
                        for (float v : frame) {
                            total += v;
                        }
                        assertEquals(events[r][0].length, total, 0); // electrons are kept at every sampling
                    }
                }
            }
        }
    }

    @Test
    void groupsOfRawFramesAreAddedWithoutChange() throws Exception {
        Path f = write("g.eer", EerCompression.C65001);
        try (FrameSource s = MovieFiles.open(f.toString())) {
            RenderedFrames rendered = new RenderedFrames(s, new int[] {0, 5}, new int[] {5, 7});
            float[] sum = new float[W * H];
            rendered.read(1, sum);
            float[] want = new float[W * H];
            for (int r = 5; r < 12; r++) {
                float[] e = expected(r, 1);
                for (int p = 0; p < want.length; p++) {
                    want[p] += e[p];
                }
            }
            assertArrayEquals(want, sum);
        }
    }

    @Test
    void badFilesAreOneLineErrorsNamingTheFrame() throws Exception {
        Path f = write("bad.eer", EerCompression.C65001);
        byte[] good = Files.readAllBytes(f);
        // Compression tag of the first IFD set to an unknown code.
        Path unknown = mutated("unknown.eer", good, b -> setTag(b, 259, 7));
        assertBad(unknown, "EER frame 1", "compression 7");
        // File cut in the middle: a strip past the end, or an IFD outside the file.
        Path cut = dir.resolve("cut.eer");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> readAll(cut));
        assertTrue(e.getMessage().startsWith(cut.toString() + ": "), e.getMessage());
        // A frame whose stream is too short for its strip byte count (declared shorter): ends early.
        Path shortStrip = mutated("short.eer", good, b -> setTag(b, 279, 3));
        assertBad(shortStrip, "EER frame 1", "ends");
        // A width larger than the stream covers: the stream ends before the frame does.
        Path wide = mutated("wide.eer", good, b -> setTag(b, 256, W * 4));
        // The stream covers W x H pixels (and a few of padding), not the declared 4W x H.
        assertBad(wide, "EER frame 1", " of " + (W * 4 * H) + " (the frame is incomplete)");
    }

    @Test
    void mutatedFilesReadOrFailCleanly() throws Exception {
        byte[] good = Files.readAllBytes(write("fuzz.eer", EerCompression.C65001));
        // A fixed number of seeded tries (the same files on every run); the cap only turns a hang into a failure.
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            Random rnd = new Random(3);
            for (int trials = 0; trials < 400; trials++) {
                byte[] b = good.clone();
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    int at = rnd.nextBoolean() ? rnd.nextInt(b.length) : b.length - 1 - rnd.nextInt(Math.min(
                            b.length, 12 * 12 * RAW));
                    b[at] = (byte) rnd.nextInt(256);
                }
                Path f = dir.resolve("f" + trials + ".eer");
                Files.write(f, b);
                try {
                    readAll(f);
                } catch (BadInputException e) {
                    assertFalse(e.getMessage().contains("\n"));
                    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    fail(f.getFileName() + ": " + e, e);
                }
                Files.delete(f);
            }
        });
    }

    /**
     * A one-page EER file built byte by byte (not by {@link EerWriter}): a little-endian TIFF with the event stream
     * at offset 8 and one IFD after it holding width, height, compression 65002, strip offset and byte count, and
     * the 65002 width tags given as {tag, value} pairs (in ascending tag order).
     */
    Path handBuilt65002(String name, int width, int height, byte[] stream, int[][] widthTags) throws IOException {
        int[][] base = {{256, 4, width}, {257, 4, height}, {259, 3, 65002}, {273, 4, 8}, {277, 3, 1},
            {278, 4, height}, {279, 4, stream.length}};
        int entries = base.length + widthTags.length;
        int ifdAt = 8 + stream.length + (stream.length & 1);
        ByteBuffer b = ByteBuffer.allocate(ifdAt + 2 + 12 * entries + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdAt);
        b.put(stream);
        b.position(ifdAt);
        b.putShort((short) entries);
        for (int[] e : base) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            if (e[1] == 3) {
                b.putShort((short) e[2]).putShort((short) 0);
            } else {
                b.putInt(e[2]);
            }
        }
        for (int[] e : widthTags) {
            b.putShort((short) e[0]).putShort((short) 3).putInt(1).putShort((short) e[1]).putShort((short) 0);
        }
        b.putInt(0);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    /** The frame read at {@code sampling}, as {x, y, count} for each non-zero pixel of the rendered grid. */
    static java.util.List<java.util.List<Integer>> rendered(Path f, int sampling) throws IOException {
        try (FrameSource s = MovieFiles.open(f.toString(), new MovieReadOptions(sampling, false))) {
            assertEquals(1, s.frameCount());
            float[] frame = new float[s.width() * s.height()];
            s.read(0, frame);
            java.util.List<java.util.List<Integer>> out = new java.util.ArrayList<>();
            for (int p = 0; p < frame.length; p++) {
                if (frame[p] != 0) {
                    out.add(java.util.List.of(p % s.width(), p / s.width(), (int) frame[p]));
                }
            }
            return out;
        }
    }

    @Test
    void handBuilt65002FilesRenderTheirElectronsWhereTheWidthTagsSay() throws Exception {
        // RELION's 65002 (7-bit runs, 1-bit x and y). 16 x 4 sensor = 64 pixels, bit stream (low bits first):
        //   run 9, symbol 0b10 (bit 0: x = 0 ^ 1 = 1 half; bit 1: y = 1 ^ 1 = 0)   electron at 9
        //   run 30, symbol 0b01 (x = 1 ^ 1 = 0; y = 0 ^ 1 = 1 half)               electron at 10 + 30 = 40
        //   run 23                                                                  end at 41 + 23 = 64
        long s711 = 9L | (0b10L << 7) | (30L << 9) | (0b01L << 16) | (23L << 18);
        Path f711 = handBuilt65002("relion65002.eer", 16, 4, EerCodecTest.bytes(s711, 25),
                new int[][] {{65007, 7}, {65008, 1}, {65009, 1}});
        // Electron 1: sensor (9, 0), half pixel right; electron 2: sensor (8, 2), half pixel down.
        assertEquals(java.util.List.of(java.util.List.of(9, 0, 1), java.util.List.of(8, 2, 1)), rendered(f711, 1));
        assertEquals(java.util.List.of(java.util.List.of(19, 0, 1), java.util.List.of(16, 5, 1)), rendered(f711, 2));
        assertEquals(java.util.List.of(java.util.List.of(38, 0, 1), java.util.List.of(32, 10, 1)),
                rendered(f711, 3));

        // 8-bit runs, 2-bit x (quarters, XOR 0b10) and 1-bit y (halves, XOR 1) above it: 3-bit symbols.
        //   run 17, symbol 0b0_11 (x 0b11 ^ 0b10 = 1 quarter, y 0 ^ 1 = 1 half)   electron at 17 = (1, 1)
        //   run 22, symbol 0b1_00 (x 0b00 ^ 0b10 = 2 quarters, y 1 ^ 1 = 0)       electron at 40 = (8, 2)
        //   run 23                                                                  end at 64
        long s821 = 17L | (0b011L << 8) | (22L << 11) | (0b100L << 19) | (23L << 22);
        Path f821 = handBuilt65002("wide65002.eer", 16, 4, EerCodecTest.bytes(s821, 30),
                new int[][] {{65007, 8}, {65008, 2}, {65009, 1}});
        assertEquals(java.util.List.of(java.util.List.of(1, 1, 1), java.util.List.of(8, 2, 1)), rendered(f821, 1));
        // 2x: (2x + quarter/2, 2y + quarter/2); 4x: (4x + quarter, 4y + quarter).
        assertEquals(java.util.List.of(java.util.List.of(2, 3, 1), java.util.List.of(17, 4, 1)), rendered(f821, 2));
        assertEquals(java.util.List.of(java.util.List.of(5, 6, 1), java.util.List.of(34, 8, 1)), rendered(f821, 3));

        // A prototype file without tag 65009: y has the width of x (65008 = 2, so 4-bit symbols, XOR 0b1010).
        //   run 6, symbol 0b0111 (x 0b11 ^ 0b10 = 1, y 0b01 ^ 0b10 = 3)   electron at 6 = (6, 0)
        //   run 57                                                        end at 64
        long proto = 6L | (0b0111L << 7) | (57L << 11);
        Path fp = handBuilt65002("prototype65002.eer", 16, 4, EerCodecTest.bytes(proto, 18),
                new int[][] {{65007, 7}, {65008, 2}});
        assertEquals(java.util.List.of(java.util.List.of(6 * 4 + 1, 3, 1)), rendered(fp, 3));
    }

    interface Mutation {
        void apply(ByteBuffer b);
    }

    Path mutated(String name, byte[] good, Mutation m) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        m.apply(b);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    /** Sets the first value of {@code tag} in the first IFD. */
    static void setTag(ByteBuffer b, int tag, int value) {
        int ifd = b.getInt(4);
        int n = b.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int at = ifd + 2 + 12 * i;
            if ((b.getShort(at) & 0xffff) == tag) {
                if (b.getShort(at + 2) == 3) {
                    b.putShort(at + 8, (short) value);
                } else {
                    b.putInt(at + 8, value);
                }
                return;
            }
        }
        throw new IllegalArgumentException("no tag " + tag);
    }

    void assertBad(Path f, String frame, String fault) {
        BadInputException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(BadInputException.class, () -> readAll(f)));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(frame), e.getMessage());
        assertTrue(e.getMessage().contains(fault), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    static void readAll(Path f) throws IOException {
        try (FrameSource s = MovieFiles.open(f.toString())) {
            float[] frame = new float[s.width() * s.height()];
            for (int k = 0; k < s.frameCount(); k++) {
                s.read(k, frame);
            }
        }
    }
}
