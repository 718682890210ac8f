package org.stillframe.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MotionCor2's -FmIntFile: one line per block of raw frames, three columns — raw frames in the block, raw frames
 * summed into one rendered frame, dose per raw frame (e/Å²; optional, then -FmDose). Reconciled with the
 * movie's real raw-frame count as MotionCor3 does: a file that lists too many raw frames loses them from the
 * last blocks backwards, one that lists too few lets the last block grow; raw frames of a block that do not
 * fill a rendered frame carry over into the next block; raw frames left at the end go one each to the last
 * rendered frames. Each block keeps its own dose (MotionCor3 1.2.1 uses the first line's for all).
 */
public final class FrameIntegrationFile {

    /** Rendered frames: the first raw frame and raw-frame count of each, and each one's dose (e/Å²). */
    public record Rendering(int[] first, int[] count, double[] dose) {
        public int frames() {
            return first.length;
        }
    }

    private FrameIntegrationFile() {
    }

    public static Rendering read(Path file, int rawFrames, double defaultDose) throws IOException {
        List<double[]> blocks = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file.toString(), "no such file");
        }
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            try {
                int raw = Integer.parseInt(f[0]);
                int group = f.length > 1 ? Integer.parseInt(f[1]) : 1;
                double dose = f.length > 2 ? Double.parseDouble(f[2]) : defaultDose;
                if (raw < 1 || group < 1 || !(dose >= 0) || f.length > 3) {
                    throw new NumberFormatException();
                }
                blocks.add(new double[] {raw, group, dose});
            } catch (NumberFormatException e) {
                throw new BadInputException(file.toString(), "line " + lineNo + " '" + t
                        + "' is not 'raw-frames frames-per-rendered-frame [dose-per-raw-frame]'");
            }
        }
        if (blocks.isEmpty()) {
            throw new BadInputException(file.toString(), "lists no frames");
        }
        if (blocks.stream().anyMatch(b -> Double.isNaN(b[2]))) {
            throw new BadInputException(file.toString(), "gives no dose and -FmDose is missing");
        }
        return reconcile(blocks, rawFrames);
    }

    /**
     * Without a file: raw frames in groups of ⌊raw / target⌋, the remainder one each to the last rendered frames,
     * so about {@code target} rendered frames (EER movies, whose hundreds of raw frames are too faint to align
     * one by one). {@code dosePerRaw} may be NaN (no dose weighting): doses are then 0.
     */
    public static Rendering evenGroups(int rawFrames, int target, double dosePerRaw) {
        int group = Math.max(1, rawFrames / Math.max(1, target));
        double dose = Double.isFinite(dosePerRaw) ? dosePerRaw : 0;
        List<double[]> blocks = new ArrayList<>();
        blocks.add(new double[] {rawFrames, group, dose});
        return reconcile(blocks, rawFrames);
    }

    static Rendering reconcile(List<double[]> blocks, int rawFrames) {
        int listed = 0;
        for (double[] b : blocks) {
            listed += (int) b[0];
        }
        // Too many listed: take the excess from the last blocks backwards; too few: the last block grows.
        for (int k = blocks.size() - 1; k >= 0 && listed > rawFrames; k--) {
            int remove = Math.min(listed - rawFrames, (int) blocks.get(k)[0]);
            blocks.get(k)[0] -= remove;
            listed -= remove;
        }
        if (listed < rawFrames) {
            blocks.get(blocks.size() - 1)[0] += rawFrames - listed;
        }
        List<int[]> frames = new ArrayList<>();
        List<Double> doses = new ArrayList<>();
        int raw = 0;
        int carry = 0;
        for (double[] b : blocks) {
            int available = (int) b[0] + carry;
            int group = (int) b[1];
            while (available >= group) {
                frames.add(new int[] {raw, group});
                doses.add(group * b[2]);
                raw += group;
                available -= group;
            }
            carry = available;
        }
        // Leftover raw frames: one each to the last rendered frames.
        for (int k = 0; k < carry && !frames.isEmpty(); k++) {
            int idx = frames.size() - carry + k;
            if (idx < 0) {
                idx = frames.size() - 1;
            }
            frames.get(idx)[1]++;
            doses.set(idx, doses.get(idx) + blocks.get(blocks.size() - 1)[2]);
        }
        // Re-lay the first raw frame of each rendered frame after the counts changed.
        int[] first = new int[frames.size()];
        int[] count = new int[frames.size()];
        double[] dose = new double[frames.size()];
        int at = 0;
        for (int j = 0; j < first.length; j++) {
            first[j] = at;
            count[j] = frames.get(j)[1];
            dose[j] = doses.get(j);
            at += count[j];
        }
        return new Rendering(first, count, dose);
    }
}
