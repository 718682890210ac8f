package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * notebooks/qc.ipynb's plain-Python QC rules cell (quartiles, fence, outlier flags), run by python3 on datasets of
 * 1 to 1,000 movies with ties and unknown late drifts, gives exactly {@link Qc}'s quartiles, fences and outliers —
 * so the notebook and {@code stillframe qc} never disagree. Skipped where there is no python3.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReportNotebookRulesTest {

    /** Runs the notebook's rules cell on each dataset of stdin (one JSON line each) and prints the results. */
    private static final String DRIVER = String.join("\n",
            "import json, sys",
            "nb = json.load(open(sys.argv[1], encoding='utf-8'))",
            "cells = [''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'code'",
            "         and ''.join(c['source']).startswith('# QC rules')]",
            "assert len(cells) == 1, 'one QC rules cell expected'",
            "exec(cells[0])",
            "for line in sys.stdin:",
            "    d = json.loads(line)",
            "    t, l = d['total'], d['late']",
            "    flags = outlier_flags(t, l)",
            "    print(repr(nearest_rank(t, 0.25)), repr(nearest_rank(t, 0.75)), repr(fence(t)),",
            "          repr(nearest_rank(l, 0.25)), repr(nearest_rank(l, 0.75)), repr(fence(l)),",
            "          ''.join('1' if f else '0' for f in flags))",
            "");

    @TempDir
    Path dir;

    @Test
    void theNotebooksQuartilesFencesAndOutliersAreQcsExactly() throws Exception {
        Path python = python3();
        Path notebook = notebook();
        Random random = new Random(24);
        List<List<Qc.MovieDrift>> datasets = new ArrayList<>();
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 37, 100, 1000}) {
            for (int variant = 0; variant < 3; variant++) {
                List<Qc.MovieDrift> rows = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    // Rounded to 0.25 so ties are common; a few movies far out; some late drifts unknown.
                    double total = Math.round((2 + Math.abs(random.nextGaussian()) * (random.nextInt(25) == 0 ? 30 : 2))
                            * 4) / 4.0;
                    Double late = variant == 2 && random.nextInt(6) == 0 ? null
                            : Math.round(total * (0.3 + 0.6 * random.nextDouble()) * 4) / 4.0;
                    rows.add(new Qc.MovieDrift("m" + i, String.format(Locale.ROOT, "m%05d", i), "ok", "", total,
                            0.0, late, "A"));
                }
                datasets.add(rows);
            }
        }
        StringBuilder input = new StringBuilder();
        for (List<Qc.MovieDrift> rows : datasets) {
            input.append("{\"total\":[").append(join(rows.stream().map(Qc.MovieDrift::total).toList()))
                    .append("],\"late\":[").append(join(rows.stream().map(Qc.MovieDrift::late).toList()))
                    .append("]}\n");
        }
        Path driver = dir.resolve("driver.py");
        Files.writeString(driver, DRIVER);
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, input);
        Process p = new ProcessBuilder(python.toString(), driver.toString(), notebook.toString())
                .redirectInput(in.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "python3 finished");
        assertEquals(0, p.exitValue(), output);
        String[] lines = output.split("\n");
        assertEquals(datasets.size(), lines.length, output);
        for (int d = 0; d < datasets.size(); d++) {
            Qc.Report r = Qc.report(datasets.get(d));
            String[] got = lines[d].trim().split(" ");
            String where = "dataset " + d + " of " + datasets.get(d).size() + " movies: " + lines[d];
            assertEquals(r.total().q1(), Double.parseDouble(got[0]), 0.0, where);
            assertEquals(r.total().q3(), Double.parseDouble(got[1]), 0.0, where);
            assertEquals(r.total().fence(), Double.parseDouble(got[2]), 0.0, where);
            assertEquals(r.late().q1(), Double.parseDouble(got[3]), 0.0, where);
            assertEquals(r.late().q3(), Double.parseDouble(got[4]), 0.0, where);
            assertEquals(r.late().fence(), Double.parseDouble(got[5]), 0.0, where);
            StringBuilder flags = new StringBuilder();
            for (Qc.MovieLine m : r.movies()) { // Qc orders by stem: the datasets are already in stem order
                flags.append(m.outlier() ? '1' : '0');
            }
            assertEquals(flags.toString(), got.length > 6 ? got[6] : "", where);
        }
    }

    private static String join(List<Double> values) {
        return String.join(",", values.stream().map(v -> v == null ? "null" : Double.toString(v)).toList());
    }

    private static Path notebook() {
        for (Path p : List.of(Path.of("notebooks/qc.ipynb"), Path.of("../notebooks/qc.ipynb"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("notebooks/qc.ipynb not found from " + Path.of("").toAbsolutePath());
    }

    private static Path python3() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, "python3");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        assumeTrue(false, "no python3: the notebook's rules are not run");
        return null;
    }
}
