package org.stillframe.relion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.io.AtomicFiles;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieTask;
import org.stillframe.movie.OutputNames;

/** Output: a movie's RELION motion STAR file ({@link MotionStar}) beside its sum, when -OutStar asks for it. */
public final class MotionStarFile {

    private MotionStarFile() {
    }

    /** Writes {@code stem.star} if the task's settings ask for it; returns the result with it among the outputs. */
    public static MovieResult write(MovieResult done, MovieTask task) throws IOException {
        if (!task.settings().relionStar()) {
            return done;
        }
        Path star = new OutputNames(task.outputSum()).relionStar();
        AtomicFiles.writeString(star, MotionStar.write(done, task.settings(), task.input()));
        List<Path> outputs = new ArrayList<>(done.outputs());
        outputs.add(star);
        return done.withOutputs(outputs);
    }
}
