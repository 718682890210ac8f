package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stillframe.io.BadInputException;

/**
 * Walks a TIFF file's IFD chain without touching pixels: the page count, and every IFD checked against the
 * file length and for loops, so ImageIO later only sees a chain that ends and entries that lie in the file.
 */
final class IfdChain {

    /** Far above any movie (EER files have a few thousand pages); stops a runaway chain early. */
    static final int MAX_PAGES = 1 << 20;

    private IfdChain() {
    }

    static List<TiffPage> walk(TiffFile file) throws IOException {
        List<Map<Integer, IfdEntry>> ifds = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        walkEntries(file, ifds, offsets);
        List<TiffPage> pages = new ArrayList<>();
        for (int i = 0; i < ifds.size(); i++) {
            pages.add(PageParser.parse(file, i + 1, offsets.get(i), ifds.get(i)));
        }
        return pages;
    }

    /** Every IFD's entries (checked to lie in the file, no loops), without interpreting them. */
    static void walkEntries(TiffFile file, List<Map<Integer, IfdEntry>> ifds, List<Long> offsets)
            throws IOException {
        String name = file.name();
        long size = file.size();
        if (size < 8) {
            throw new BadInputException(name, "is too short (" + size + " bytes) for a TIFF header");
        }
        ByteBuffer head = file.read(0, 8);
        if (head.get(0) == 'I' && head.get(1) == 'I') {
            file.order(ByteOrder.LITTLE_ENDIAN);
        } else if (head.get(0) == 'M' && head.get(1) == 'M') {
            file.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw new BadInputException(name, "is not a TIFF file (no II or MM byte-order mark)");
        }
        head = file.read(0, 8);
        int magic = head.getShort(2) & 0xffff;
        if (magic == 43) {
            throw new BadInputException(name, "is a BigTIFF file, which stillframe does not read yet");
        }
        if (magic != 42) {
            throw new BadInputException(name, "is not a TIFF file (version " + magic + ", not 42)");
        }
        long offset = head.getInt(4) & 0xffffffffL;
        if (offset == 0) {
            throw new BadInputException(name, "has no pages (the first IFD offset is 0)");
        }
        Map<Long, Integer> seen = new HashMap<>();
        while (offset != 0) {
            int frame = ifds.size() + 1;
            if (frame > MAX_PAGES) {
                throw new BadInputException(name, "has more than " + MAX_PAGES + " pages");
            }
            Integer earlier = seen.putIfAbsent(offset, frame);
            if (earlier != null) {
                throw new BadInputException(name, "frame " + frame + ": IFD offset " + offset
                        + " points back to frame " + earlier + " (a loop in the IFD chain)");
            }
            long[] next = new long[1];
            ifds.add(readIfd(file, frame, offset, next));
            offsets.add(offset);
            offset = next[0];
        }
    }

    /** The entries of the IFD at {@code offset}, keyed by tag; {@code next[0]} receives the next IFD offset. */
    private static Map<Integer, IfdEntry> readIfd(TiffFile file, int frame, long offset, long[] next)
            throws IOException {
        String where = "frame " + frame + ": ";
        long size = file.size();
        if (offset < 8 || offset + 2 > size) {
            throw new BadInputException(file.name(), where + "IFD offset " + offset + " is outside the " + size
                    + "-byte file");
        }
        int n = file.u16(offset);
        long end = offset + 2 + 12L * n + 4;
        if (n == 0) {
            throw new BadInputException(file.name(), where + "the IFD at byte " + offset + " has no entries");
        }
        if (end > size) {
            throw new BadInputException(file.name(), where + "the IFD at byte " + offset + " with " + n
                    + " entries ends at byte " + end + ", past the end of the " + size + "-byte file");
        }
        ByteBuffer ifd = file.read(offset + 2, 12 * n + 4);
        Map<Integer, IfdEntry> entries = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long at = offset + 2 + 12L * i;
            int tag = ifd.getShort(12 * i) & 0xffff;
            int type = ifd.getShort(12 * i + 2) & 0xffff;
            long count = ifd.getInt(12 * i + 4) & 0xffffffffL;
            long bytes = count * IfdEntry.typeSize(type);
            long valuePosition = at + 8;
            if (bytes > 4) {
                valuePosition = ifd.getInt(12 * i + 8) & 0xffffffffL;
                if (valuePosition + bytes > size) {
                    throw new BadInputException(file.name(), where + "tag " + tag + ": " + count
                            + " values at byte " + valuePosition + " run past the end of the " + size
                            + "-byte file");
                }
            }
            if (entries.put(tag, new IfdEntry(tag, type, count, at, valuePosition)) != null) {
                // Readers disagree on which copy wins; the plugin must see the same page as this check.
                throw new BadInputException(file.name(), where + "tag " + tag + " appears twice in the IFD");
            }
        }
        next[0] = ifd.getInt(12 * n) & 0xffffffffL;
        return entries;
    }
}
