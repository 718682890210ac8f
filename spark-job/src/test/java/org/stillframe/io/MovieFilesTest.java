package org.stillframe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;

class MovieFilesTest {

    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/mrc/" + name)) {
            Files.copy(in, out);
        }
        return out;
    }

    private static float[][] frames(FrameSource s) throws IOException {
        float[][] f = new float[s.frameCount()][s.width() * s.height()];
        for (int k = 0; k < f.length; k++) {
            s.read(k, f[k]);
        }
        return f;
    }

    @Test
    void bzip2CompressedMrcReadsLikeThePlainFileAndLeavesNoTemporaryFile() throws Exception {
        Path plain = fixture("EMD-3197.map");
        Path packed = fixture("EMD-3197.map.bz2"); // written by Debian's bzip2 1.0.8
        // A scratch folder of this test's own: other processes' files in the shared temporary folder cannot
        // change what is counted here.
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        try (FrameSource a = MovieFiles.open(plain.toString());
             FrameSource b = MovieFiles.open(packed.toString(), MovieReadOptions.DEFAULT.withScratchDir(scratch))) {
            assertEquals(1, filesIn(scratch), "the decompressed copy is in the scratch folder while open");
            assertEquals(a.width(), b.width());
            assertEquals(a.frameCount(), b.frameCount());
            assertEquals(a.pixelSizeA(), b.pixelSizeA());
            assertTrue(b.format().endsWith("bzip2-compressed"), b.format());
            assertTrue(b.name().endsWith("EMD-3197.map.bz2"), b.name());
            float[][] fa = frames(a);
            float[][] fb = frames(b);
            for (int k = 0; k < fa.length; k++) {
                assertArrayEquals(fa[k], fb[k]);
            }
        }
        assertEquals(0, filesIn(scratch), "the decompressed copy is deleted on close");
    }

    @Test
    void concatenatedBzip2StreamsAsParallelCompressorsWriteThemAreReadWhole() throws Exception {
        Path movie = dir.resolve("m.mrcs");
        float[][] written = new float[3][8 * 6];
        try (MrcWriter w = MrcWriter.create(movie, MrcHeader.forImage(8, 6, 3, MrcMode.FLOAT32, 1.5))) {
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < written[k].length; i++) {
                    written[k][i] = k * 100 + i;
                }
                w.writeSection(written[k]);
            }
            w.commit();
        }
        byte[] bytes = Files.readAllBytes(movie);
        Path packed = dir.resolve("m.mrcs.bz2");
        try (OutputStream out = Files.newOutputStream(packed)) {
            int half = bytes.length / 2;
            for (int[] part : new int[][] {{0, half}, {half, bytes.length}}) {
                try (var bz = new BZip2CompressorOutputStream(new NonClosing(out))) {
                    bz.write(bytes, part[0], part[1] - part[0]);
                }
            }
        }
        try (FrameSource s = MovieFiles.open(packed.toString())) {
            float[][] read = frames(s);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(written[k], read[k]);
            }
        }
    }

    @Test
    void damagedBzip2IsOneLineNamingTheFile() throws Exception {
        Path packed = fixture("EMD-3197.map.bz2");
        byte[] b = Files.readAllBytes(packed);
        Path cut = dir.resolve("cut.mrc.bz2");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> MovieFiles.open(cut.toString()));
        assertTrue(e.getMessage().startsWith(cut.toString() + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("bzip2"), e.getMessage());
    }

    @Test
    void fileUrisAndPlainPathsOpenTheSameFile() throws Exception {
        Path plain = fixture("EMD-3197.map");
        try (FrameSource a = MovieFiles.open(plain.toString());
             FrameSource b = MovieFiles.open(plain.toUri().toString())) {
            assertArrayEquals(frames(a)[5], frames(b)[5]);
        }
        assertTrue(Storage.isLocal(plain.toString()));
        assertTrue(Storage.isLocal(plain.toUri().toString()));
        assertFalse(Storage.isLocal("hdfs://namenode:8020/data/movie.tif"));
        assertFalse(Storage.isLocal("s3a://bucket/movie.eer"));
        assertEquals("movie.eer", Storage.fileName("s3a://bucket/run/movie.eer"));
    }

    @Test
    void aHadoopStreamReadsTheSameFramesAsTheLocalFile() throws Exception {
        Path plain = fixture("EMD-3197.map");
        FileSystem local = FileSystem.getLocal(new Configuration());
        var hadoopPath = new org.apache.hadoop.fs.Path(plain.toUri());
        var channel = HadoopChannel.of(local.open(hadoopPath), local.getFileStatus(hadoopPath).getLen());
        try (FrameSource a = MovieFiles.open(plain.toString());
             FrameSource b = MovieFiles.open("hadoop:" + plain, channel, MovieReadOptions.DEFAULT)) {
            assertFalse(b.concurrentReads());
            float[][] fa = frames(a);
            float[][] fb = frames(b);
            for (int k = 0; k < fa.length; k++) {
                assertArrayEquals(fa[k], fb[k]);
            }
        }
    }

    @Test
    void anUnknownSchemeIsAOneLineError() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> MovieFiles.open("nosuchfs://host/data/movie.mrc"));
        assertTrue(e.getMessage().startsWith("nosuchfs://host/data/movie.mrc: cannot be opened"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void missingFilesAndDirectoriesAreNamed() {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> MovieFiles.open(dir.resolve("none.tif").toString()));
        assertTrue(missing.getMessage().endsWith("none.tif: no such file"), missing.getMessage());
        BadInputException folder = assertThrows(BadInputException.class, () -> MovieFiles.open(dir.toString()));
        assertTrue(folder.getMessage().contains("directory"), folder.getMessage());
    }

    private static long filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    /** Lets several compressed streams be written one after another to one file. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
