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
import org.stillframe.io.MovieFiles;
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
        assertBad(wide, "EER frame", "");
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
