package org.stillframe.io.tiff;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.stillframe.io.BadInputException;

/** Turns one IFD's entries into a {@link TiffPage}, refusing what stillframe cannot read with a clear reason. */
final class PageParser {

    static final int WIDTH = 256;
    static final int HEIGHT = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int FILL_ORDER = 266;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int ROWS_PER_STRIP = 278;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int PREDICTOR = 317;
    static final int TILE_WIDTH = 322;
    static final int TILE_LENGTH = 323;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int SAMPLE_FORMAT = 339;

    /**
     * Tags TIFF 6.0 types as SHORT only. The JDK plugin ignores such a tag given another type and falls back to
     * its default, so accepting a LONG here would let it decode the page differently from what was checked.
     */
    private static final Set<Integer> SHORT_ONLY = Set.of(BITS_PER_SAMPLE, COMPRESSION, PHOTOMETRIC, FILL_ORDER,
            SAMPLES_PER_PIXEL, PREDICTOR, SAMPLE_FORMAT);

    /** Java arrays hold at most 2^31 − 1 elements; ImageIO decodes a page into one. */
    static final long MAX_FRAME_BYTES = Integer.MAX_VALUE - 16;
    /** Far above real movies (4096 one-row strips, or 16² tiles of an 8k frame); bounds the offset tables. */
    static final long MAX_CHUNKS = 1 << 22;
    /** LZW and deflate expand at most a few thousand times; more is a corrupt size, not a real page. */
    static final long MAX_EXPANSION = 4096;

    private PageParser() {
    }

    static TiffPage parse(TiffFile file, int frame, long ifdOffset, Map<Integer, IfdEntry> entries)
            throws IOException {
        String name = file.name();
        String where = "frame " + frame + ": ";
        long width = scalar(file, frame, entries, WIDTH, -1);
        long height = scalar(file, frame, entries, HEIGHT, -1);
        if (width < 1 || height < 1) {
            throw new BadInputException(name, where + "image size " + width + " x " + height + " is empty");
        }
        long samples = scalar(file, frame, entries, SAMPLES_PER_PIXEL, 1);
        if (samples != 1) {
            throw new BadInputException(name, where + samples + " samples per pixel; movie frames have one");
        }
        long bits = scalar(file, frame, entries, BITS_PER_SAMPLE, 1);
        long format = scalar(file, frame, entries, SAMPLE_FORMAT, 1);
        SampleType type = SampleType.of(bits, format);
        if (type == null) {
            throw new BadInputException(name, where + bits + "-bit samples of SampleFormat " + format
                    + " are not supported (8/16/32-bit integers, 32-bit float)");
        }
        int compression = (int) scalar(file, frame, entries, COMPRESSION, 1);
        checkCompression(name, where, compression);
        int predictor = (int) scalar(file, frame, entries, PREDICTOR, 1);
        if (predictor != 1 && !(predictor == 2 && (compression == 5 || compression == 8 || compression == 32946))) {
            throw new BadInputException(name, where + "predictor " + predictor + " with "
                    + TiffPage.compressionName(compression) + " is not supported (only 2 with LZW or deflate)");
        }
        if (predictor == 2 && type == SampleType.F32) {
            // Integer differencing of float bit patterns; Java's float conversions may not keep NaN payloads.
            throw new BadInputException(name, where + "predictor 2 on 32-bit float samples is not supported");
        }
        long fillOrder = scalar(file, frame, entries, FILL_ORDER, 1);
        if (fillOrder != 1) {
            // The JDK plugin and libtiff disagree on bit-reversed deflate and PackBits data: refuse, never guess.
            throw new BadInputException(name, where + "FillOrder " + fillOrder + " (bit-reversed bytes) is not"
                    + " supported");
        }
        long photometric = scalar(file, frame, entries, PHOTOMETRIC, 1);
        if (photometric != 1) {
            throw new BadInputException(name, where + "photometric interpretation " + photometric
                    + " is not supported (1, black is zero)");
        }
        if (width * height * type.bytes() > MAX_FRAME_BYTES) {
            throw new BadInputException(name, where + "a " + width + " x " + height + " " + type.label()
                    + " frame is larger than stillframe reads (2 GiB)");
        }
        boolean tiled = entries.containsKey(TILE_WIDTH) || entries.containsKey(TILE_OFFSETS);
        long chunkWidth;
        long chunkHeight;
        if (tiled) {
            chunkWidth = scalar(file, frame, entries, TILE_WIDTH, -1);
            chunkHeight = scalar(file, frame, entries, TILE_LENGTH, -1);
        } else {
            chunkWidth = width;
            chunkHeight = Math.min(scalar(file, frame, entries, ROWS_PER_STRIP, height), height);
        }
        if (chunkWidth < 1 || chunkHeight < 1 || chunkWidth * chunkHeight * type.bytes() > MAX_FRAME_BYTES) {
            throw new BadInputException(name, where + (tiled ? "tile size " + chunkWidth + " x " + chunkHeight
                    : "RowsPerStrip " + chunkHeight) + " is not usable");
        }
        IfdEntry offsets = table(file, frame, entries, tiled ? TILE_OFFSETS : STRIP_OFFSETS);
        IfdEntry counts = table(file, frame, entries, tiled ? TILE_BYTE_COUNTS : STRIP_BYTE_COUNTS);
        TiffPage page = new TiffPage(frame, ifdOffset, (int) width, (int) height, type, compression, predictor,
                tiled, (int) chunkWidth, (int) chunkHeight, offsets, counts, entries.get(PREDICTOR));
        long chunks = page.chunkCount();
        if (chunks > MAX_CHUNKS) {
            throw new BadInputException(name, where + chunks + " " + page.chunkName() + "s are more than"
                    + " stillframe reads (" + MAX_CHUNKS + ")");
        }
        if (offsets.count() < chunks || counts.count() < chunks) {
            throw new BadInputException(name, where + "a " + width + " x " + height + " page needs " + chunks + " "
                    + page.chunkName() + "s but the IFD lists " + Math.min(offsets.count(), counts.count()));
        }
        // A cheap bound before any pixel array is allocated; the exact one is checked per frame.
        if (page.frameBytes() > MAX_EXPANSION * file.size()) {
            throw new BadInputException(name, where + "a " + width + " x " + height + " frame cannot fit in a "
                    + file.size() + "-byte file");
        }
        return page;
    }

    private static void checkCompression(String name, String where, int compression) throws BadInputException {
        switch (compression) {
            case 1, 5, 8, 32946, 32773 -> {
            }
            case 65000, 65001, 65002 -> throw new BadInputException(name, where + "compression " + compression
                    + " is EER's; open the file as EER (.eer name or -InEer)");
            default -> throw new BadInputException(name, where + "compression " + compression + " is not"
                    + " supported (none, LZW, deflate, PackBits)");
        }
    }

    private static IfdEntry table(TiffFile file, int frame, Map<Integer, IfdEntry> entries, int tag)
            throws BadInputException {
        IfdEntry e = entries.get(tag);
        if (e == null || !e.isInteger() || e.count() < 1) {
            throw new BadInputException(file.name(), "frame " + frame + ": tag " + tag
                    + (e == null ? " is missing" : " is not a SHORT or LONG table"));
        }
        return e;
    }

    /** The first value of an integer tag, {@code absent} when the tag is missing (−1: required). */
    private static long scalar(TiffFile file, int frame, Map<Integer, IfdEntry> entries, int tag, long absent)
            throws IOException {
        IfdEntry e = entries.get(tag);
        if (e == null) {
            if (absent < 0) {
                throw new BadInputException(file.name(), "frame " + frame + ": required tag " + tag + " is missing");
            }
            return absent;
        }
        if (!e.isInteger() || e.count() < 1 || (e.type() != 3 && SHORT_ONLY.contains(tag))) {
            throw new BadInputException(file.name(), "frame " + frame + ": tag " + tag + " has type " + e.type()
                    + " and " + e.count() + " values, not " + (SHORT_ONLY.contains(tag) ? "a SHORT" : "a SHORT or LONG")
                    + " value");
        }
        return e.type() == 3 ? file.u16(e.valuePosition()) : file.u32(e.valuePosition());
    }
}
