package org.stillframe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceFilesTest {

    @TempDir
    Path dir;

    @Test
    void eerIntegrationExampleGives103RenderedFramesFrom567() throws Exception {
        Path f = dir.resolve("fmint.txt");
        Files.writeString(f, "120 3 0.1\n447 7 0.1\n");
        FrameIntegrationFile.Rendering r = FrameIntegrationFile.read(f, 567, Double.NaN);
        assertEquals(103, r.frames());
        assertEquals(3, r.count()[0]);
        assertEquals(7, r.count()[40]);
        int total = 0;
        for (int c : r.count()) {
            total += c;
        }
        assertEquals(567, total);
        assertEquals(0.3, r.dose()[0], 1e-12);
        assertEquals(8, r.count()[102]); // 447 = 63·7 + 6: the 6 left over go one each to the last 6
        assertEquals(r.first()[102] + r.count()[102], 567);
    }

    @Test
    void reconcilesAFileThatListsTooManyOrTooFewFrames() {
        List<double[]> tooMany = new ArrayList<>(List.of(new double[] {20, 1, 0.3}, new double[] {40, 2, 0.3}));
        FrameIntegrationFile.Rendering a = FrameIntegrationFile.reconcile(tooMany, 30); // drop 30 from the end
        assertEquals(25, a.frames()); // 20 singles + 5 pairs
        List<double[]> tooFew = new ArrayList<>(List.of(new double[] {10, 1, 0.5}));
        FrameIntegrationFile.Rendering b = FrameIntegrationFile.reconcile(tooFew, 14); // the last block grows
        assertEquals(14, b.frames());
    }

    @Test
    void eerWithoutAFileIsGroupedIntoAboutFortyFramesUsingEveryRawFrame() {
        FrameIntegrationFile.Rendering r = FrameIntegrationFile.evenGroups(1539, 40, 0.02);
        assertEquals(40, r.frames()); // groups of 38, the 19 left over one each to the last 19 frames
        assertEquals(38, r.count()[0]);
        assertEquals(38, r.count()[20]);
        assertEquals(39, r.count()[21]);
        assertEquals(39, r.count()[39]);
        assertEquals(1539, r.first()[39] + r.count()[39]);
        assertEquals(39 * 0.02, r.dose()[39], 1e-12);
        FrameIntegrationFile.Rendering few = FrameIntegrationFile.evenGroups(30, 40, Double.NaN);
        assertEquals(30, few.frames());
        assertEquals(0, few.dose()[0]);
    }

    @Test
    void eachBlockKeepsItsOwnDose() throws Exception {
        Path f = dir.resolve("variable.txt");
        Files.writeString(f, "2 1 0.15\n2 1 0.30\n");
        FrameIntegrationFile.Rendering r = FrameIntegrationFile.read(f, 4, Double.NaN);
        assertArrayEquals(new double[] {0.15, 0.15, 0.30, 0.30}, r.dose(), 1e-12);
    }

    @Test
    void malformedFrameIntegrationLineIsNamed() throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "20 1 0.3\ntwenty 1 0.3\n");
        BadInputException e = assertThrows(BadInputException.class, () -> FrameIntegrationFile.read(f, 40, 1));
        assertTrue(e.getMessage().contains("bad.txt") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void defectRectangleMarksExactlyWTimesHPixelsFromItsLowerLeftCorner() throws Exception {
        Path f = dir.resolve("defects.txt");
        Files.writeString(f, "3 2 4 5\n30 30 10 10\njunk\n");
        boolean[] mask = DefectFile.read(f.toString(), 32, 32);
        int count = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean inFirst = x >= 3 && x < 7 && y >= 2 && y < 7;
                boolean inSecond = x >= 30 && y >= 30; // clipped to the frame: 2 x 2
                assertEquals(inFirst || inSecond, mask[y * 32 + x], "pixel " + x + ", " + y);
                count += mask[y * 32 + x] ? 1 : 0;
            }
        }
        assertEquals(20 + 4, count);
    }

    @Test
    void serialEmDefectListsAreRefusedClearly() throws Exception {
        Path f = dir.resolve("serialem.txt");
        Files.writeString(f, "CameraSizeX 4096\nBadColumns 12\n");
        BadInputException e = assertThrows(BadInputException.class, () -> DefectFile.read(f.toString(), 16, 16));
        assertTrue(e.getMessage().contains("SerialEM"), e.getMessage());
    }
}
