package org.stillframe.cli;

import java.util.concurrent.Callable;
import org.stillframe.spark.QcRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stillframe qc TABLES}: the QC summary of a job's Parquet tables, as text or one JSON object. */
@Command(name = "qc", mixinStandardHelpOptions = true,
        description = "Summarise a job's tables (OUT/tables): movies ok/failed, drift statistics, outlier movies.")
public final class QcCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TABLES", description = "The tables folder (OUT/tables) or the job's output folder.")
    String tables;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return QcRun.run(tables, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
