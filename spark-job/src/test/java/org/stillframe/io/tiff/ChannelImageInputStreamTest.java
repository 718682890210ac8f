package org.stillframe.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that straddle the stream's 64 KiB blocks come back whole (ImageIO's readInt takes one read). */
class ChannelImageInputStreamTest {

    @TempDir
    Path dir;

    @Test
    void anIntAcrossABlockBoundaryIsReadWhole() throws Exception {
        Path f = dir.resolve("bytes.bin");
        ByteBuffer b = ByteBuffer.allocate(200_000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 50_000; i++) {
            b.putInt(i * 4, i);
        }
        Files.write(f, b.array());
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
             ChannelImageInputStream in = new ChannelImageInputStream(ch)) {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            in.readInt(); // loads the first block, bytes 0..65535
            in.seek(65534); // the int at 65534 spans bytes 65534..65537: two blocks
            int expected = ByteBuffer.wrap(b.array(), 65534, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            assertEquals(expected, in.readInt());
            in.seek(0);
            in.readByte(); // the first block again
            in.seek(65535);
            assertEquals(ByteBuffer.wrap(b.array(), 65535, 2).order(ByteOrder.LITTLE_ENDIAN).getShort(),
                    in.readShort());
        }
    }
}
