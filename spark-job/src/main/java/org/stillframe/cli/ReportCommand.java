package org.stillframe.cli;

import java.util.concurrent.Callable;
import org.stillframe.spark.ReportRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stillframe report TABLES}: the QC report of a job's tables as one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the QC report of a job's tables (OUT/tables) as one self-contained HTML page:"
                + " summary, drift and local-motion distributions with their outlier fences, a sortable table of"
                + " movies with each one's trajectory, patch shifts, sum and power spectrum.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TABLES", description = "The tables folder (OUT/tables) or the job's output folder.")
    String tables;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the page (default: OUT/report.html).")
    String out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return ReportRun.run(tables, out, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
