package org.stillframe.io.tiff;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;

/**
 * TIFF movies: one page per frame, decoded one at a time by the JDK's TIFF plugin. The IFD chain and each page's
 * strips or tiles are checked here first ({@link IfdChain}, {@link ChunkTable}), so a corrupt file gives a
 * one-line {@link BadInputException} rather than a hang, a huge allocation or a zero-padded frame.
 */
public final class TiffReader implements FrameSource {

    private final String name;
    private final SeekableByteChannel channel;
    private final TiffFile file;
    private final List<TiffPage> pages;
    private final boolean flipY;
    /** Byte patches every decoder's stream applies (predictor tags the plugin must not see). */
    private final java.util.Map<Long, byte[]> patches;
    /** One ImageIO decoder per thread: pages decode in parallel (the plugin keeps per-stream state). */
    private final ThreadLocal<Decoder> decoders;
    private final List<Decoder> all = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** An ImageIO reader on its own stream, and the image it decodes every page into. */
    private static final class Decoder {
        final ImageReader reader;
        final ChannelImageInputStream stream;
        ImageReadParam param;

        Decoder(ImageReader reader, ChannelImageInputStream stream) {
            this.reader = reader;
            this.stream = stream;
        }
    }

    private TiffReader(String name, SeekableByteChannel channel, TiffFile file, List<TiffPage> pages,
            boolean flipY, java.util.Map<Long, byte[]> patches) {
        this.name = name;
        this.channel = channel;
        this.file = file;
        this.pages = pages;
        this.flipY = flipY;
        this.patches = patches;
        this.decoders = ThreadLocal.withInitial(() -> {
            Decoder d = newDecoder();
            all.add(d);
            return d;
        });
    }

    private Decoder newDecoder() {
        try {
            ChannelImageInputStream stream = new ChannelImageInputStream(channel);
            patches.forEach(stream::patch);
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("tif");
            if (!readers.hasNext()) {
                throw new IllegalStateException("this JDK has no TIFF ImageIO plugin");
            }
            ImageReader reader = readers.next();
            reader.setInput(stream, false, true);
            return new Decoder(reader, stream);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Opens a TIFF movie with row 0 = the last TIFF row (MRC orientation); the source owns the channel. */
    public static TiffReader open(String name, SeekableByteChannel channel) throws IOException {
        return open(name, channel, true);
    }

    /**
     * Opens a TIFF movie; {@code flipY = false} keeps the stored row order (row 0 = the first TIFF row), as an
     * EER gain reference needs. The source owns the channel.
     */
    public static TiffReader open(String name, SeekableByteChannel channel, boolean flipY) throws IOException {
        try {
            TiffFile file = new TiffFile(name, channel);
            List<TiffPage> pages = IfdChain.walk(file);
            checkSameShape(name, pages);
            java.util.Map<Long, byte[]> patches = new java.util.HashMap<>();
            for (TiffPage page : pages) {
                if (HorizontalPredictor.needed(page)) {
                    patches.put(page.predictorEntry().valuePosition(), one(file, page.predictorEntry()));
                }
            }
            TiffReader r = new TiffReader(name, channel, file, pages, flipY, patches);
            r.decoders.get(); // fail here, not at the first frame, if the JDK has no TIFF plugin
            return r;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The value 1 in the predictor entry's type and the file's byte order. */
    private static byte[] one(TiffFile file, IfdEntry entry) {
        ByteBuffer b = ByteBuffer.allocate(IfdEntry.typeSize(entry.type())).order(file.order());
        if (entry.type() == 3) {
            b.putShort((short) 1);
        } else {
            b.putInt(1);
        }
        return b.array();
    }

    private static void checkSameShape(String name, List<TiffPage> pages) throws BadInputException {
        TiffPage first = pages.get(0);
        for (TiffPage p : pages) {
            if (p.width() != first.width() || p.height() != first.height() || p.type() != first.type()) {
                throw new BadInputException(name, "frame " + p.frame() + ": " + shape(p) + ", but frame 1 is "
                        + shape(first));
            }
        }
    }

    private static String shape(TiffPage p) {
        return p.width() + " x " + p.height() + " " + p.type().label();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String format() {
        TiffPage p = pages.get(0);
        return "TIFF, " + p.type().label() + ", " + p.compressionName() + ", "
                + (p.tiled() ? "tiles " + p.chunkWidth() + " x " + p.chunkHeight() : "strips") + ", "
                + (file.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian");
    }

    /** TIFF resolution tags give dots per inch or centimetre, never the Å scale of a detector pixel. */
    @Override
    public double pixelSizeA() {
        return Double.NaN;
    }

    @Override
    public int width() {
        return pages.get(0).width();
    }

    @Override
    public int height() {
        return pages.get(0).height();
    }

    @Override
    public int frameCount() {
        return pages.size();
    }

    /** Each thread decodes with its own ImageIO reader; local files are read with positional reads. */
    @Override
    public boolean concurrentReads() {
        return channel instanceof java.nio.channels.FileChannel;
    }

    @Override
    public void read(int index, float[] out) throws IOException {
        TiffPage page = page(index, out.length);
        Decoded d = decode(index, page);
        FrameCopy.toFloat(d.buffer(), page.type(), page.width(), page.height(), d.stride(), flipY, out);
    }

    /** 8- and 16-bit pages (counting cameras' frames) are copied straight to counts. */
    @Override
    public boolean readCounts(int index, char[] out) throws IOException {
        TiffPage page = page(index, out.length);
        if (!FrameCopy.countsType(page.type())) {
            return false;
        }
        Decoded d = decode(index, page);
        return FrameCopy.toCounts(d.buffer(), page.type(), page.width(), page.height(), d.stride(), flipY, out);
    }

    /** Page {@code index}, checked against the caller's buffer of {@code length} pixels. */
    private TiffPage page(int index, int length) {
        if (index < 0 || index >= pages.size()) {
            throw new IndexOutOfBoundsException(name + ": frame " + (index + 1) + " of " + pages.size());
        }
        TiffPage page = pages.get(index);
        if (length < page.width() * page.height()) {
            throw new IllegalArgumentException("frame buffer of " + length + " pixels for " + shape(page));
        }
        return page;
    }

    /** A decoded page's pixels and the distance between its rows. */
    private record Decoded(DataBuffer buffer, int stride) {
    }

    /** Decodes page {@code index} into this thread's image (predictor undone). */
    private Decoded decode(int index, TiffPage page) throws IOException {
        ChunkTable.check(file, page);
        BufferedImage image;
        Decoder d;
        try {
            d = decoders.get();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        try {
            checkPluginAgrees(d.reader, page);
            image = d.reader.read(index, param(d, index));
        } catch (IIOException | EOFException | RuntimeException e) {
            // EOFException: the plugin read past the end of the file, i.e. the page is truncated.
            throw new BadInputException(name, "frame " + (index + 1) + ": the TIFF plugin cannot decode the page: "
                    + oneLine(e), e);
        }
        DataBuffer buffer = image.getRaster().getDataBuffer();
        int stride = ((ComponentSampleModel) image.getSampleModel()).getScanlineStride();
        if (HorizontalPredictor.needed(page)) {
            HorizontalPredictor.undo(buffer, page, stride);
        }
        return new Decoded(buffer, stride);
    }

    /**
     * The plugin parses the IFD again on its own; where damaged tags make it see another size or sample type
     * than {@link PageParser} did (a duplicate tag, a count it reads differently), refuse rather than guess.
     */
    private void checkPluginAgrees(ImageReader reader, TiffPage page) throws IOException {
        int index = page.frame() - 1;
        ImageTypeSpecifier spec = reader.getImageTypes(index).next();
        int width = reader.getWidth(index);
        int height = reader.getHeight(index);
        if (width != page.width() || height != page.height() || spec.getNumBands() != 1
                || spec.getSampleModel().getDataType() != dataType(page.type())) {
            throw new BadInputException(name, "frame " + page.frame() + ": the TIFF plugin sees a " + width + " x "
                    + height + " page of " + spec.getNumBands() + " band(s) and data type "
                    + spec.getSampleModel().getDataType() + " where the tags say " + shape(page)
                    + " (inconsistent tags)");
        }
    }

    private static int dataType(SampleType type) {
        return switch (type) {
            case U8, I8 -> DataBuffer.TYPE_BYTE;
            case U16 -> DataBuffer.TYPE_USHORT;
            case I16 -> DataBuffer.TYPE_SHORT;
            case U32, I32 -> DataBuffer.TYPE_INT;
            case F32 -> DataBuffer.TYPE_FLOAT;
        };
    }

    /** Decodes every page into one reused image (pages share size and type), so frames allocate nothing. */
    private ImageReadParam param(Decoder d, int index) throws IOException {
        if (d.param == null) {
            TiffPage page = pages.get(index);
            ImageReadParam p = d.reader.getDefaultReadParam();
            p.setDestination(d.reader.getImageTypes(index).next().createBufferedImage(page.width(), page.height()));
            d.param = p;
        }
        return d.param;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        return text.replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() throws IOException {
        try {
            for (Decoder d : all) {
                d.reader.dispose();
                d.stream.close();
            }
        } finally {
            channel.close();
        }
    }
}
