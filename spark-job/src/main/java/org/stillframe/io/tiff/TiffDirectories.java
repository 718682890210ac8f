package org.stillframe.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stillframe.io.BadInputException;

/**
 * The pages (IFDs) of a TIFF container as tags, for formats that use TIFF only as a container (EER): the IFD
 * chain is walked with the same checks as for TIFF movies (bounds, loops, duplicate tags); values are read on
 * request and checked to lie in the file.
 */
public final class TiffDirectories {

    private final TiffFile file;
    private final List<Map<Integer, IfdEntry>> ifds = new ArrayList<>();

    private TiffDirectories(TiffFile file) throws IOException {
        this.file = file;
        IfdChain.walkEntries(file, ifds, new ArrayList<>());
    }

    public static TiffDirectories read(String name, SeekableByteChannel channel) throws IOException {
        return new TiffDirectories(new TiffFile(name, channel));
    }

    public int pages() {
        return ifds.size();
    }

    public long fileSize() {
        return file.size();
    }

    public boolean has(int page, int tag) {
        return ifds.get(page).containsKey(tag);
    }

    /** The first value of an integer tag (SHORT or LONG) of page {@code page} (0-based), or {@code absent}. */
    public long value(int page, int tag, long absent) throws IOException {
        long[] v = values(page, tag);
        return v == null ? absent : v[0];
    }

    /** All values of an integer tag, or null when the page has no such tag. */
    public long[] values(int page, int tag) throws IOException {
        IfdEntry e = ifds.get(page).get(tag);
        if (e == null) {
            return null;
        }
        if (!(e.isInteger() || e.type() == 1) || e.count() < 1 || e.count() > (1 << 24)) {
            throw new BadInputException(file.name(), "frame " + (page + 1) + ": tag " + tag + " has type "
                    + e.type() + " and " + e.count() + " values, not integers");
        }
        int size = IfdEntry.typeSize(e.type());
        ByteBuffer b = file.read(e.valuePosition(), (int) (e.count() * size));
        long[] out = new long[(int) e.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (e.type()) {
                case 1 -> b.get() & 0xff;
                case 3 -> b.getShort() & 0xffff;
                default -> b.getInt() & 0xffffffffL;
            };
        }
        return out;
    }

    /** {@code length} bytes at {@code position} (callers check the range against {@link #fileSize()}). */
    public byte[] bytes(long position, int length) throws IOException {
        ByteBuffer b = file.read(position, length);
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }
}
