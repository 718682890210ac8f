package org.stillframe.io.eer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The event-stream codec: known bit patterns, exact round trips, and invalid streams. */
class EerCodecTest {

    record Event(int pixel, int qx, int qy) {
    }

    static List<Event> decode(byte[] data, EerCompression c, long pixels) throws EerCodec.StreamException {
        List<Event> out = new ArrayList<>();
        EerCodec.decode(data, data.length, c, pixels, (p, x, y) -> out.add(new Event(p, x, y)));
        return out;
    }

    @Test
    void handBuiltStreamsFollowTheDocumentedBitOrder() throws Exception {
        // 65001: 7-bit run in the low bits, then the 4-bit symbol; stream bit j = bit j%8 of byte j/8.
        // Word 1: run 3, symbol 0b1010 (XOR 0b1010 -> x 0, y 0). Word 2: run 0, symbol 0b0011 (-> x 1, y 2).
        // Then a final run of 16 - 5 = 11 ends the 16-pixel frame exactly.
        long bits = 3L | (0b1010L << 7) | (0L << 11) | (0b0011L << 18) | (11L << 22);
        byte[] data = {(byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16), (byte) (bits >>> 24)};
        List<Event> e = decode(data, EerCompression.C65001, 16);
        assertEquals(List.of(new Event(3, 0, 0), new Event(4, 1, 2)), e);
        // 65000: byte0 = run1, byte1 = sym1 | run2 low nibble << 4, byte2 = run2 high nibble | sym2 << 4.
        // run1 = 2, sym1 = 0b1011 (x 1, y 0); run2 = 0x1d = 29 -> pixel 32, sym2 = 0b0110 (x 0, y 3)...
        byte[] d65000 = {2, (byte) (0b1011 | (0xd << 4)), (byte) (0x1 | (0b0110 << 4)), 0, 0, 0};
        List<Event> f = decode(d65000, EerCompression.C65000, 34);
        assertEquals(new Event(2, 1, 0), f.get(0));
        assertEquals(new Event(32, 0, 3), f.get(1));
        // ... and a final run of 1 reaches pixel 34 (in the next 12-bit word: byte 3 low nibble + byte 4).
    }

    @Test
    void roundTripsAreExactForEveryCompression() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        for (EerCompression c : List.of(EerCompression.C65000, EerCompression.C65001, EerCompression.C65002_7_1_1)) {
            for (int trial = 0; trial < 20; trial++) {
                long pixels = 1 + rnd.nextInt(5000);
                List<Integer> px = new ArrayList<>();
                double density = trial % 3 == 0 ? 0.001 : 0.2; // long overflow runs and dense runs
                for (int p = 0; p < pixels; p++) {
                    if (rnd.nextDouble() < density || (trial == 1 && (p == 0 || p == pixels - 1))) {
                        px.add(p);
                    }
                }
                int n = px.size();
                int[] pixel = px.stream().mapToInt(Integer::intValue).toArray();
                int[] qx = new int[n];
                int[] qy = new int[n];
                int step = 4 >> c.subBitsX(); // 1-bit fields store half pixels: quarters 0 or 2
                for (int i = 0; i < n; i++) {
                    qx[i] = rnd.nextInt(4) / step * step;
                    qy[i] = rnd.nextInt(4) / step * step;
                }
                byte[] data = EerCodec.encode(pixel, qx, qy, c, pixels);
                List<Event> back = decode(data, c, pixels);
                assertEquals(n, back.size(), c + " trial " + trial);
                for (int i = 0; i < n; i++) {
                    assertEquals(new Event(pixel[i], qx[i], qy[i]), back.get(i), c + " electron " + i);
                }
            }
        }
    }

    @Test
    void streamsThatOverrunOrStopShortAreRefused() {
        byte[] overrun = EerCodec.encode(new int[] {5}, new int[] {0}, new int[] {0}, EerCompression.C65001, 100);
        var e = assertThrows(EerCodec.StreamException.class, () -> decode(overrun, EerCompression.C65001, 50));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
        byte[] whole = EerCodec.encode(new int[] {5, 60}, new int[] {1, 2}, new int[] {3, 0}, EerCompression.C65001,
                100);
        byte[] cut = java.util.Arrays.copyOf(whole, 2);
        var s = assertThrows(EerCodec.StreamException.class, () -> decode(cut, EerCompression.C65001, 100));
        assertTrue(s.getMessage().contains("ends"), s.getMessage());
        assertArrayEquals(whole, EerCodec.encode(new int[] {5, 60}, new int[] {1, 2}, new int[] {3, 0},
                EerCompression.C65001, 100));
    }
}
