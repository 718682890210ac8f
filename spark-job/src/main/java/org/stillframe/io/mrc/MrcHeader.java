package org.stillframe.io.mrc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.io.BadInputException;

/**
 * The 1024-byte MRC2014 header (with IMOD's extensions), as read from a file or about to be written.
 * Offsets follow the MRC2014 specification and IMOD's mrc_format.txt.
 *
 * @param signedBytes for mode 0: whether bytes are signed (MRC2014) or unsigned (counting cameras, old IMOD)
 */
public record MrcHeader(int nx, int ny, int nz, MrcMode mode, int mx, int my, int mz, float cellX, float cellY,
                        float cellZ, float dmin, float dmax, float dmean, float rms, int ispg, int nsymbt,
                        String extType, int nversion, ByteOrder byteOrder, boolean signedBytes,
                        List<String> labels) {

    public static final int SIZE = 1024;
    private static final int IMOD_STAMP = 1146047817;
    private static final int IMOD_FLAG_SIGNED_BYTES = 1;

    public MrcHeader {
        labels = List.copyOf(labels);
    }

    /** A header for a new nx × ny × nz file, cell chosen so that the pixel size is {@code pixelSizeA}. */
    public static MrcHeader forImage(int nx, int ny, int nz, MrcMode mode, double pixelSizeA) {
        float p = Double.isFinite(pixelSizeA) && pixelSizeA > 0 ? (float) pixelSizeA : 1f;
        return new MrcHeader(nx, ny, nz, mode, nx, ny, nz, p * nx, p * ny, p * nz, 0, 0, 0, 0, 0, 0, "MRCO",
                20141, ByteOrder.LITTLE_ENDIAN, true, List.of("stillframe"));
    }

    /** Pixel size (Å) along x from CELLA/MX, or NaN when the header does not give one. */
    public double pixelSizeA() {
        return mx > 0 && cellX > 0 ? (double) cellX / mx : Double.NaN;
    }

    /** Byte offset of the first data byte. */
    public long dataOffset() {
        return SIZE + (long) nsymbt;
    }

    /** Bytes of one section (frame). */
    public long sectionBytes() {
        return mode.rowBytes(nx) * ny;
    }

    /**
     * Whether the header records the data's statistics: MRC2014 marks "not computed" with an RMS below 0 (or
     * dmax below dmin); some writers leave all four at zero.
     */
    public boolean hasStatistics() {
        return rms >= 0 && dmax >= dmin && !(dmin == 0 && dmax == 0 && dmean == 0 && rms == 0);
    }

    public MrcHeader withStatistics(float min, float max, float mean, float rmsDeviation) {
        return new MrcHeader(nx, ny, nz, mode, mx, my, mz, cellX, cellY, cellZ, min, max, mean, rmsDeviation, ispg,
                nsymbt, extType, nversion, byteOrder, signedBytes, labels);
    }

    /** The same header announcing an extended header of {@code bytes} bytes of the given type. */
    public MrcHeader withExtendedHeader(int bytes, String type) {
        return new MrcHeader(nx, ny, nz, mode, mx, my, mz, cellX, cellY, cellZ, dmin, dmax, dmean, rms, ispg, bytes,
                type, nversion, byteOrder, signedBytes, labels);
    }

    public MrcHeader withLabels(List<String> newLabels) {
        return new MrcHeader(nx, ny, nz, mode, mx, my, mz, cellX, cellY, cellZ, dmin, dmax, dmean, rms, ispg,
                nsymbt, extType, nversion, byteOrder, signedBytes, newLabels);
    }

    /**
     * Parses and validates a header.
     *
     * @param bytes    the first 1024 bytes of the file (fewer if the file is shorter)
     * @param name     the file name for messages
     * @param fileSize the file's length in bytes
     */
    public static MrcHeader parse(ByteBuffer bytes, String name, long fileSize) throws BadInputException {
        if (fileSize < SIZE || bytes.remaining() < SIZE) {
            throw new BadInputException(name, "not an MRC file: " + fileSize + " bytes, shorter than the 1024-byte header");
        }
        ByteBuffer b = bytes.duplicate();
        b.order(detectOrder(b));
        int nx = b.getInt(0);
        int ny = b.getInt(4);
        int nz = b.getInt(8);
        int modeCode = b.getInt(12);
        String map = new String(new byte[] {b.get(208), b.get(209), b.get(210)}, StandardCharsets.US_ASCII);
        boolean plausibleSizes = nx > 0 && ny > 0 && nz > 0 && nx < (1 << 20) && ny < (1 << 20);
        if (!map.equals("MAP") && !plausibleSizes) {
            throw new BadInputException(name, "not an MRC file: no MAP stamp and no plausible size in the header");
        }
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new BadInputException(name, "invalid size " + nx + " x " + ny + " x " + nz
                    + " in the MRC header (each must be positive)");
        }
        MrcMode mode = MrcMode.of(modeCode);
        if (mode == null) {
            throw new BadInputException(name, "unsupported MRC mode " + modeCode
                    + " (stillframe reads modes 0, 1, 2, 6, 12 and 101)");
        }
        int nsymbt = b.getInt(92);
        if (nsymbt < 0) {
            throw new BadInputException(name, "negative extended header size " + nsymbt + " in the MRC header");
        }
        long dataBytes;
        try {
            long pixels = Math.multiplyExact(Math.multiplyExact((long) nx, (long) ny), (long) nz);
            dataBytes = Math.multiplyExact(mode.rowBytes(nx), Math.multiplyExact((long) ny, (long) nz));
            Math.addExact(dataBytes, SIZE + (long) nsymbt);
            if (pixels <= 0) {
                throw new ArithmeticException();
            }
        } catch (ArithmeticException e) {
            throw new BadInputException(name, "size " + nx + " x " + ny + " x " + nz + " overflows");
        }
        long needed = SIZE + (long) nsymbt + dataBytes;
        if (fileSize < needed) {
            throw new BadInputException(name, "truncated: the header describes " + nz + " sections of " + nx + " x "
                    + ny + " (" + needed + " bytes) but the file has " + fileSize + " bytes");
        }
        String extType = new String(new byte[] {b.get(104), b.get(105), b.get(106), b.get(107)},
                StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        boolean signed = true;
        if (mode == MrcMode.INT8) {
            if (b.getInt(152) == IMOD_STAMP) {
                signed = (b.getInt(156) & IMOD_FLAG_SIGNED_BYTES) != 0;
            } else {
                // MRC2014 says signed; files from counting cameras say so by a maximum above 127.
                signed = !(b.getFloat(76) >= 0 && b.getFloat(80) > 127);
            }
        }
        int nlabl = Math.max(0, Math.min(10, b.getInt(220)));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < nlabl; i++) {
            byte[] l = new byte[80];
            b.get(224 + 80 * i, l);
            labels.add(new String(l, StandardCharsets.US_ASCII).replace('\0', ' ').trim());
        }
        return new MrcHeader(nx, ny, nz, mode, b.getInt(28), b.getInt(32), b.getInt(36), b.getFloat(40),
                b.getFloat(44), b.getFloat(48), b.getFloat(76), b.getFloat(80), b.getFloat(84), b.getFloat(216),
                b.getInt(88), nsymbt, extType, b.getInt(108), b.order(), signed, labels);
    }

    /** MACHST says the byte order; when it is missing, the order in which MODE and NX make sense. */
    private static ByteOrder detectOrder(ByteBuffer b) {
        int stamp = b.get(212) & 0xff;
        if (stamp == 0x44) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (stamp == 0x11) {
            return ByteOrder.BIG_ENDIAN;
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        int mode = b.getInt(12);
        int nx = b.getInt(0);
        boolean littleOk = MrcMode.of(mode) != null && nx > 0 && nx < (1 << 20);
        return littleOk ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** The header as 1024 bytes in its byte order. */
    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(byteOrder);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode.code());
        b.putInt(28, mx).putInt(32, my).putInt(36, mz);
        b.putFloat(40, cellX).putFloat(44, cellY).putFloat(48, cellZ);
        b.putFloat(52, 90f).putFloat(56, 90f).putFloat(60, 90f);
        b.putInt(64, 1).putInt(68, 2).putInt(72, 3);
        b.putFloat(76, dmin).putFloat(80, dmax).putFloat(84, dmean);
        b.putInt(88, ispg).putInt(92, nsymbt);
        byte[] ext = (extType + "    ").substring(0, 4).getBytes(StandardCharsets.US_ASCII);
        b.put(104, ext);
        b.putInt(108, nversion);
        if (mode == MrcMode.INT8) {
            b.putInt(152, IMOD_STAMP).putInt(156, signedBytes ? IMOD_FLAG_SIGNED_BYTES : 0);
        }
        b.put(208, "MAP ".getBytes(StandardCharsets.US_ASCII));
        if (byteOrder == ByteOrder.LITTLE_ENDIAN) {
            b.put(212, (byte) 0x44).put(213, (byte) 0x44);
        } else {
            b.put(212, (byte) 0x11).put(213, (byte) 0x11);
        }
        b.putFloat(216, rms);
        b.putInt(220, Math.min(10, labels.size()));
        for (int i = 0; i < Math.min(10, labels.size()); i++) {
            byte[] l = labels.get(i).getBytes(StandardCharsets.US_ASCII);
            b.put(224 + 80 * i, l, 0, Math.min(80, l.length));
        }
        return b;
    }
}
