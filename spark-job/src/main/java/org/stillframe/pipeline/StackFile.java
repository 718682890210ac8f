package org.stillframe.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.correct.SumRequest;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.movie.OutputNames;
import org.stillframe.options.MotionCorSettings;

/**
 * Output: the aligned frames (-OutStack) as stem_Stk.mrc, streamed section by section while the corrector runs
 * and moved into place on {@link #commit()}; closing without a commit removes the partial file.
 */
final class StackFile implements AutoCloseable {

    private final Path file;
    private final MrcWriter writer;

    private StackFile(Path file, MrcWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /** A stack of the frames used, grouped by -OutStack's binning; writes nothing when no stack is asked for. */
    static StackFile open(MovieInput in, OutputNames names, MotionCorSettings s) throws IOException {
        int frames = s.stackBin() > 0 ? in.window().frameCount() / s.stackBin() : 0;
        if (frames == 0) {
            return new StackFile(names.stack(), null);
        }
        int nx = in.width();
        int bx = MovieCorrector.binnedSize(nx, s.binning());
        int by = MovieCorrector.binnedSize(in.height(), s.binning());
        return new StackFile(names.stack(), MrcWriter.create(names.stack(),
                MrcHeader.forImage(bx, by, frames, MrcMode.FLOAT32, in.outputPixelA(s) * nx / bx)));
    }

    /** Where the corrector sends the stack's sections, null when there is no stack. */
    SumRequest.StackSink sink() {
        return writer == null ? null : (image, width, height) -> writer.writeSection(image);
    }

    /** Moves the finished stack into place; returns it, or nothing when there is no stack. */
    List<Path> commit() throws IOException {
        if (writer == null) {
            return List.of();
        }
        writer.commit();
        return List.of(file);
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
