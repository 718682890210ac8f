package org.stillframe.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering in README's Layout section, checked on the compiled classes: every package belongs to one layer,
 * a layer uses only the layers below it, no two packages depend on each other, and the kernels (the in-memory
 * engine) do no file or cluster I/O.
 */
class LayeringTest {

    /**
     * The layers, bottom first. kernels: numerical base, the science, the movie corrector, per-particle motion, the
     * movie simulator. spark-job: defaults, file formats, the options model, the per-movie engine (task and result,
     * logs, RELION STAR, the pipeline), the workflows over it, and the two front ends.
     */
    static final Map<String, String[]> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("numerics", new String[] {"org.stillframe.fft..", "org.stillframe.parallel..",
            "org.stillframe.image..", "org.stillframe.optimize..", "org.stillframe.compute.."});
        LAYERS.put("science", new String[] {"org.stillframe.align..", "org.stillframe.gain..",
            "org.stillframe.defects..", "org.stillframe.dose..", "org.stillframe.ctf..", "org.stillframe.polish..",
            "org.stillframe.quality.."});
        LAYERS.put("corrector", new String[] {"org.stillframe.correct.."});
        LAYERS.put("particle motion", new String[] {"org.stillframe.particles.."});
        LAYERS.put("simulator", new String[] {"org.stillframe.sim"});
        LAYERS.put("defaults", new String[] {"org.stillframe.config.."});
        LAYERS.put("formats", new String[] {"org.stillframe.io.."});
        LAYERS.put("options", new String[] {"org.stillframe.options.."});
        LAYERS.put("per-movie engine", new String[] {"org.stillframe.movie..", "org.stillframe.log..",
            "org.stillframe.relion..", "org.stillframe.pipeline.."});
        LAYERS.put("workflows", new String[] {"org.stillframe.extract..", "org.stillframe.tomo..",
            "org.stillframe.sim.io..", "org.stillframe.report..", "org.stillframe.watch.."});
        LAYERS.put("front ends", new String[] {"org.stillframe.spark..", "org.stillframe.cli.."});
    }

    /** Packages of the kernels module: the in-memory engine. */
    static final String[] KERNELS = {"org.stillframe.fft..", "org.stillframe.parallel..", "org.stillframe.image..",
        "org.stillframe.optimize..", "org.stillframe.compute..", "org.stillframe.align..", "org.stillframe.gain..",
        "org.stillframe.defects..", "org.stillframe.dose..", "org.stillframe.ctf..", "org.stillframe.polish..", "org.stillframe.quality..",
        "org.stillframe.correct..", "org.stillframe.particles..", "org.stillframe.sim"};

    /** Everything below the front ends: never Spark. */
    static final String[] SPARK_FREE = {"org.stillframe.config..", "org.stillframe.io..", "org.stillframe.options..",
        "org.stillframe.movie..", "org.stillframe.log..", "org.stillframe.relion..", "org.stillframe.pipeline..",
        "org.stillframe.extract..", "org.stillframe.tomo..", "org.stillframe.sim..", "org.stillframe.report..",
        "org.stillframe.watch.."};

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.stillframe");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.stillframe.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageIsInALayerAndUsesOnlyTheLayersBelow() {
        Architectures.LayeredArchitecture rule = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        List<String> names = List.copyOf(LAYERS.keySet());
        for (String name : names) {
            rule = rule.layer(name).definedBy(LAYERS.get(name));
        }
        for (int i = 0; i < names.size() - 1; i++) {
            rule = rule.whereLayer(names.get(i)).mayOnlyBeAccessedByLayers(
                    names.subList(i + 1, names.size()).toArray(String[]::new));
        }
        rule = rule.whereLayer(names.get(names.size() - 1)).mayNotBeAccessedByAnyLayer();
        rule.check(classes);
    }

    @Test
    void kernelsDoNoFileOrClusterIo() {
        noClasses().that().resideInAnyPackage(KERNELS)
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..",
                        "org.apache.hadoop..", "org.apache.spark..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .check(classes);
    }

    @Test
    void kernelsDoNotDependOnTheJobModule() {
        String[] jobModule = LAYERS.values().stream().skip(5).flatMap(Arrays::stream).toArray(String[]::new);
        noClasses().that().resideInAnyPackage(KERNELS)
                .should().dependOnClassesThat().resideInAnyPackage(jobModule)
                .check(classes);
    }

    @Test
    void theEngineAndTheWorkflowsNeverImportSpark() {
        noClasses().that().resideInAnyPackage(SPARK_FREE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..")
                .check(classes);
    }
}
