package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.stillframe.io.BadInputException;

/**
 * Checks a page's strips or tiles against the file before ImageIO decodes them: every chunk inside the file,
 * uncompressed chunks long enough, compressed ones not claiming an impossible expansion. Catches truncated
 * files, which ImageIO would otherwise decode as a silently zero-padded frame or fail on obscurely.
 */
final class ChunkTable {

    private ChunkTable() {
    }

    static void check(TiffFile file, TiffPage page) throws IOException {
        String where = "frame " + page.frame() + ": ";
        int n = (int) page.chunkCount();
        long[] offsets = values(file, page.chunkOffsets(), n);
        long[] counts = values(file, page.chunkByteCounts(), n);
        long size = file.size();
        long total = 0;
        for (int k = 0; k < n; k++) {
            String chunk = page.chunkName() + " " + (k + 1);
            long end = offsets[k] + counts[k];
            if (end > size) {
                throw new BadInputException(file.name(), where + chunk + " ends at byte " + end
                        + ", past the end of the " + size + "-byte file");
            }
            if (counts[k] == 0) {
                throw new BadInputException(file.name(), where + chunk + " is empty (0 bytes)");
            }
            long needed = page.chunkBytes(k);
            if (page.compression() == 1 && counts[k] < needed) {
                throw new BadInputException(file.name(), where + chunk + " has " + counts[k]
                        + " bytes, fewer than the " + needed + " its pixels need");
            }
            total += counts[k];
        }
        if (page.frameBytes() > PageParser.MAX_EXPANSION * total) {
            throw new BadInputException(file.name(), where + "a " + page.width() + " x " + page.height()
                    + " frame cannot come from " + total + " compressed bytes");
        }
    }

    private static long[] values(TiffFile file, IfdEntry e, int n) throws IOException {
        int size = IfdEntry.typeSize(e.type());
        ByteBuffer b = file.read(e.valuePosition(), n * size);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = size == 2 ? b.getShort() & 0xffff : b.getInt() & 0xffffffffL;
        }
        return v;
    }
}
