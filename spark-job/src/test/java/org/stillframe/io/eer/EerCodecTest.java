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
        // run1 = 2, sym1 = 0b1011 (x 1, y 0); run2 = 0x1d = 29 -> pixel 32, sym2 = 0b0110 (x 0, y 3); the third
        // 12-bit word (byte 3 + low nibble of byte 4) is a final run of 1 from pixel 33 to the frame's end at 34.
        byte[] d65000 = {2, (byte) (0b1011 | (0xd << 4)), (byte) (0x1 | (0b0110 << 4)), 1, 0};
        assertEquals(List.of(new Event(2, 1, 0), new Event(32, 0, 3)), decode(d65000, EerCompression.C65000, 34));
    }

    @Test
    void handBuilt65000OverflowWordsIgnoreTheirSymbolAndTheLastPixelCanHoldAnElectron() throws Exception {
        // 300-pixel frame, 12-bit words packed two per 3 bytes as in handBuiltStreamsFollowTheDocumentedBitOrder.
        // Word 1: run 255 = overflow (pixels 0..254 empty) with a non-zero symbol 0b0101 that must be ignored.
        // Word 2: run 10 -> electron at 255 + 10 = 265, symbol 0b1111 (XOR 0b1010 = 0b0101: x 1, y 1).
        // Word 3: run 33 -> electron at 266 + 33 = 299, the last pixel, symbol 0b0000 (-> 0b1010: x 2, y 2).
        // Word 4: run 0 reaches 300 = the frame's end.
        byte[] data = {
            (byte) 0xff,                // word 1 run
            (byte) (0x5 | (0xa << 4)),  // word 1 symbol | word 2 run low nibble (10 = 0x0a)
            (byte) (0x0 | (0xf << 4)),  // word 2 run high nibble | word 2 symbol
            (byte) 33,                  // word 3 run
            (byte) (0x0 | (0x0 << 4)),  // word 3 symbol | word 4 run low nibble
            (byte) (0x0 | (0x0 << 4)),  // word 4 run high nibble | word 4 symbol (unused)
        };
        assertEquals(List.of(new Event(265, 1, 1), new Event(299, 2, 2)), decode(data, EerCompression.C65000, 300));
    }

    /** Little-endian bytes of the low {@code bits} bits of {@code stream}. */
    static byte[] bytes(long stream, int bits) {
        byte[] out = new byte[(bits + 7) / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (stream >>> (8 * i));
        }
        return out;
    }

    @Test
    void handBuilt65002StreamsWithRelionsSevenBitRunsAndOneBitSubPixels() throws Exception {
        // 65002 as RELION reads it (tags 65007/65008/65009 = 7/1/1): a 7-bit run, then (unless it is an overflow
        // of 127) a 2-bit symbol, bit 0 = x and bit 1 = y, each XORed with 1; a 1-bit field is a half pixel, i.e.
        // quarter 0 or 2. 200-pixel frame:
        //   run 5, symbol 0b11 (-> x 0, y 0)             electron at 5
        //   run 0, symbol 0b10 (-> x 1, y 0)             electron at 6
        //   run 127: overflow, no symbol                   pixels 7..133 empty
        //   run 20, symbol 0b01 (-> x 0, y 1)            electron at 134 + 20 = 154
        //   run 44, symbol 0b00 (-> x 1, y 1)            electron at 155 + 44 = 199, the last pixel
        //   run 0                                          end of frame at 200
        long s = 5L | (0b11L << 7) | (0L << 9) | (0b10L << 16) | (127L << 18) | (20L << 25) | (0b01L << 32)
                | (44L << 34) | (0b00L << 41) | (0L << 43);
        byte[] data = bytes(s, 50);
        assertEquals(List.of(new Event(5, 0, 0), new Event(6, 2, 0), new Event(154, 0, 2), new Event(199, 2, 2)),
                decode(data, EerCompression.C65002_7_1_1, 200));
    }

    @Test
    void handBuilt65002StreamsTakeRunAndXAndYWidthsSeparately() throws Exception {
        // 65002 with 8-bit runs, a 2-bit x field (XOR 0b10, quarters) and a 1-bit y field (XOR 1, halves) above
        // it: 3-bit symbols, x in bits 0-1, y in bit 2. 64-pixel frame:
        //   run 17, symbol 0b0_11 (x 0b11 ^ 0b10 = 1 quarter; y 0 ^ 1 = 1 half = 2 quarters)   electron at 17
        //   run 22, symbol 0b1_00 (x 0b00 ^ 0b10 = 2 quarters; y 1 ^ 1 = 0)                  electron at 40
        //   run 23                                                                            end at 64
        long s = 17L | (0b011L << 8) | (22L << 11) | (0b100L << 19) | (23L << 22);
        byte[] data = bytes(s, 30);
        EerCompression c = new EerCompression(65002, 8, 2, 1);
        assertEquals(List.of(new Event(17, 1, 2), new Event(40, 2, 0)), decode(data, c, 64));
        // Read with the widths of x and y exchanged, the same bits mean other positions: the widths matter.
        assertTrue(!decode(data, new EerCompression(65002, 8, 1, 2), 64).equals(decode(data, c, 64)));
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
