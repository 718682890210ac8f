package org.stillframe.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The design card's boundaries, checked on the compiled classes. */
class LayeringTest {

    /** Packages of the kernels module: the in-memory engine. */
    static final String[] KERNELS = {"org.stillframe.fft..", "org.stillframe.image..", "org.stillframe.align..",
        "org.stillframe.correct..", "org.stillframe.gain..", "org.stillframe.quality..", "org.stillframe.parallel..",
        "org.stillframe.sim"};

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.stillframe");
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
        noClasses().that().resideInAnyPackage(KERNELS)
                .should().dependOnClassesThat().resideInAnyPackage("org.stillframe.io..", "org.stillframe.cli..",
                        "org.stillframe.pipeline..", "org.stillframe.config..", "org.stillframe.log..",
                        "org.stillframe.sim.io..")
                .check(classes);
    }

    @Test
    void perMovieCodeNeverImportsSpark() {
        noClasses().that().resideInAnyPackage("org.stillframe.pipeline..", "org.stillframe.io..",
                        "org.stillframe.log..", "org.stillframe.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..")
                .check(classes);
    }
}
