package org.stillframe.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.io.AtomicFiles;
import org.stillframe.options.MotionCorSettings;

/**
 * Output: a movie's MotionCor2 log files. -LogDir DIR: DIR/&lt;movie stem&gt;-Full.log ...; -LogFile X (old
 * MotionCor2, what RELION passes): X0-Full.log ..., patch logs in the seven columns RELION parses.
 */
public final class MotionCorLogFiles {

    private MotionCorLogFiles() {
    }

    /**
     * Writes the logs when -LogDir or -LogFile is given; returns the files written (patch logs, model, full log,
     * shift table), none otherwise.
     *
     * @param movieFileName the movie's file name (its stem names the -LogDir files)
     * @param nx            frame width of the movie as read (patch positions are in its pixels)
     * @param ny            frame height of the movie as read
     * @param firstFrame    1-based number, in the movie, of the first frame used
     */
    public static List<Path> write(String movieFileName, int nx, int ny, MotionCorSettings s,
                                   CorrectionResult result, DoseSchedule schedule, int firstFrame)
            throws IOException {
        List<Path> outputs = new ArrayList<>();
        if (s.logDir() == null && s.logFile() == null) {
            return outputs;
        }
        boolean old = s.logDir() == null;
        Path dir = old ? s.logFile().toAbsolutePath().getParent() : s.logDir();
        String stem = old ? s.logFile().getFileName() + "0" : MotionCorLogs.stem(movieFileName);
        var local = result.local();
        Path full = dir.resolve(stem + (local == null ? "-Full.log" : "-Patch-Full.log"));
        AtomicFiles.writeString(full, MotionCorLogs.fullLog(result.shifts(), local != null));
        if (local != null) {
            Path byPatch = dir.resolve(stem + "-Patch-Patch.log");
            Path byFrame = dir.resolve(stem + "-Patch-Frame.log");
            AtomicFiles.writeString(byPatch, MotionCorLogs.patchLog(local, nx, ny, false, old));
            AtomicFiles.writeString(byFrame, MotionCorLogs.patchLog(local, nx, ny, true, old));
            outputs.add(byPatch);
            outputs.add(byFrame);
            if (local.applied()) {
                Path model = dir.resolve(stem + ".model.tsv");
                AtomicFiles.writeString(model, MotionCorLogs.model(local));
                outputs.add(model);
            }
        }
        Path table = dir.resolve(stem + ".shifts.tsv");
        AtomicFiles.writeString(table, MotionCorLogs.table(movieFileName, result, schedule, firstFrame));
        outputs.add(full);
        outputs.add(table);
        return outputs;
    }
}
