package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.stillframe.extract.HalfMaps;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.extract.Polishing;
import org.stillframe.extract.PolishTraining;
import org.stillframe.extract.PosedParticles;
import org.stillframe.io.BadInputException;
import org.stillframe.io.Storage;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.polish.HalfMapPair;
import org.stillframe.polish.ReferenceProjector;

/**
 * The driver's part of {@code job --polish}: phase 1 (priors by cross-validation and empirical dose weights on the
 * first movies, run here), then, after the executors' phase 2, {@code OUT/polished_particles.star}, the
 * {@code particles} table from the polished trajectories and the {@code dose_weights} table.
 */
final class PolishDriver {

    static final StructType DOSE_WEIGHTS = new StructType(new StructField[] {
        DataTypes.createStructField("frame", DataTypes.IntegerType, true),
        DataTypes.createStructField("exposure_e_per_a2", DataTypes.DoubleType, true),
        DataTypes.createStructField("bfactor_a2", DataTypes.DoubleType, true),
        DataTypes.createStructField("log_scale", DataTypes.DoubleType, true)});

    private PolishDriver() {
    }

    /** Phase 1 on the driver; the job spec with the per-movie step. */
    static JobSpec prepare(PolishRequest r, ParticlePicks all, List<MovieEntry> movies, MotionCorSettings settings,
                           JobSpec spec, String output, PrintWriter out) throws IOException {
        double pixel = settings.pixelSizeA();
        if (!(pixel > 0)) {
            throw new BadInputException("--polish", "needs the movies' pixel size (-PixSize)");
        }
        Map<String, List<Integer>> rows = all.rowsByStem();
        Map<String, List<PolishParticle>> posed = new HashMap<>();
        List<String[]> subset = new ArrayList<>();
        List<List<PolishParticle>> subsetParticles = new ArrayList<>();
        for (MovieEntry m : movies) {
            List<Integer> rs = rows.get(m.stem());
            if (rs == null) {
                continue;
            }
            List<PolishParticle> ps = PosedParticles.of(all, rs, pixel, r.particles());
            posed.put(m.stem(), ps);
            if (subset.size() < Math.max(1, r.cvMicrographs())) {
                subset.add(new String[] {m.location(), m.stem()});
                subsetParticles.add(ps);
            }
        }
        if (subset.isEmpty()) {
            throw new BadInputException(r.particles(), "names no movie of the dataset");
        }
        Path mask = r.mask() == null ? null : Path.of(r.mask());
        HalfMapPair maps = HalfMaps.loadPair(Path.of(r.half1()), Path.of(r.half2()), mask, pixel);
        ReferenceProjector map1 = maps.half1();
        ReferenceProjector map2 = maps.half2();
        PolishOptions start = Polishing.start(r.box(), r.diameterA(), r.resolutionA(), pixel,
                subsetParticles.get(0).get(0), maps, r.sigmaV(), r.sigmaD(), r.sigmaA());
        out.println(Polishing.referenceLine(maps, start, pixel));
        boolean local = Storage.isLocal(output);
        Path folder = local ? Storage.localPath(output) : Files.createTempDirectory("stillframe-polish-");
        int threads = Runtime.getRuntime().availableProcessors();
        PolishTraining.Result phase1;
        try (MoviePipeline pipeline = new MoviePipeline(threads)) {
            out.printf("Polishing, phase 1 on %d movies (priors%s, dose weights)%n", subset.size(),
                    r.priorsGiven() ? " given" : " by cross-validation");
            out.flush();
            phase1 = PolishTraining.run(pipeline, subset, subsetParticles, map1, map2, start, r.priorsGiven(), settings,
                    folder, threads, line -> {
                        out.println(line);
                        out.flush();
                    });
        }
        if (!local) {
            for (String f : List.of("bfactors.tsv", "bfactors.png", "polish.log")) {
                JobStore.upload(folder.resolve(f), JobStore.child(output, f));
            }
        }
        int outBox = r.outBox() > 0 ? r.outBox() : start.box();
        java.util.Set<String> plotted = new java.util.HashSet<>();
        for (MovieEntry m : movies) {
            if (plotted.size() < 20 && posed.containsKey(m.stem())) {
                plotted.add(m.stem());
            }
        }
        return spec.withPolish(new PolishJob(posed, r.half1(), r.half2(), r.mask(), pixel, phase1.chosen(),
                phase1.weights(), outBox, r.float16(), plotted));
    }

    /** After the executors: the STAR, the particles table and the dose-weights table. */
    static void finish(SparkSession spark, Outcomes outcomes, ParticlePicks all, JobSpec spec,
                       MotionCorSettings settings, String output, PrintWriter out) throws IOException {
        PolishJob p = spec.polish();
        ParticleTables.write(spark, outcomes, Polishing.centred(all, p.pixelSizeA()), spec, output,
                "polished_particles.star", "Polish", "_polished.mrcs", px -> p.options().box(), p.outBox(),
                settings.voltageKv(), out);
        List<Row> rows = new ArrayList<>();
        double dose = settings.dosePerFrame();
        for (int f = 0; f < p.weights().frames(); f++) {
            Double exposure = Double.isFinite(dose) ? settings.initDose() + dose * (f + 1) : null;
            rows.add(RowFactory.create(f + 1, exposure, p.weights().bFactor(f), p.weights().logScale(f)));
        }
        spark.createDataFrame(rows, DOSE_WEIGHTS).coalesce(1).write() // a local relation: no rows to ship
                .mode(org.apache.spark.sql.SaveMode.Overwrite).parquet(JobStore.child(spec.tablesDir(), "dose_weights"));
        out.println("Dose weights: " + JobStore.child(spec.tablesDir(), "dose_weights"));
    }
}
