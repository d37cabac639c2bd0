package dev.opendrive.embeddeddb;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The engine is the bottom of the module graph: its own package only, nothing else of the project. */
class ModuleBoundariesTest {

    @Test
    void classesStayInTheEngineAndUseNoOtherModule() {
        var mine = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("dev.opendrive");
        classes().should().resideInAPackage("dev.opendrive.embeddeddb..").check(mine);
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.opendrive..")
                .and(not(resideInAPackage("dev.opendrive.embeddeddb..")))).check(mine);
    }
}
