package dev.opendrive.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * The module graph in one place: each Maven module, the one root package all its classes live in,
 * and the modules it may use (arrows only point down). Every module's tests call {@link #verify}
 * on it, so a class in a package of another module (a split package) or a dependency up or across
 * the graph fails that module's build.
 */
public enum Modules {

    EMBEDDED_DB("dev.opendrive.embeddeddb"),
    MODEL("dev.opendrive.model"),
    STORAGE("dev.opendrive.storage", MODEL),
    PLATFORM("dev.opendrive.platform", MODEL),
    TESTING("dev.opendrive.testing", EMBEDDED_DB),
    THUMBNAILS("dev.opendrive.thumbnails", MODEL, STORAGE, PLATFORM),
    SEARCH_INDEXER("dev.opendrive.searchindexer", MODEL, STORAGE, PLATFORM),
    WORKER("dev.opendrive.worker", MODEL, PLATFORM),
    FUNCTIONS("dev.opendrive.functions", MODEL, STORAGE, PLATFORM, THUMBNAILS, SEARCH_INDEXER),
    API("dev.opendrive.api", MODEL, STORAGE, PLATFORM, THUMBNAILS, SEARCH_INDEXER, EMBEDDED_DB);

    private static final String PROJECT = "dev.opendrive";

    private final String root;
    private final List<Modules> uses;

    Modules(String root, Modules... uses) {
        this.root = root;
        this.uses = List.of(uses);
    }

    public String root() {
        return root;
    }

    /** The modules this one may use, directly or through another. */
    public Set<Modules> reachable() {
        Set<Modules> all = new java.util.LinkedHashSet<>();
        for (Modules m : uses) {
            all.add(m);
            all.addAll(m.reachable());
        }
        return all;
    }

    /**
     * Checks the production classes compiled next to {@code anyMainClass} (the module's
     * target/classes): all in this module's root package, and using no project class outside this
     * module and the ones below it.
     */
    public void verify(Class<?> anyMainClass) {
        JavaClasses mine = new ClassFileImporter().importPath(classesOf(anyMainClass));
        classes().should().resideInAPackage(root + "..")
                .because("every class of a module lives under its one root package " + root)
                .check(mine);
        List<String> allowed = new ArrayList<>();
        allowed.add(root + "..");
        reachable().forEach(m -> allowed.add(m.root + ".."));
        List<String> forbidden = Arrays.stream(values()).filter(m -> m != this && !reachable().contains(m))
                .map(m -> m.root + "..").collect(Collectors.toList());
        if (!forbidden.isEmpty()) {
            noClasses().should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because(name() + " may use only " + allowed)
                    .check(mine);
        }
        noClasses().should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                "are project classes outside the module graph",
                c -> c.getPackageName().startsWith(PROJECT + ".") && Arrays.stream(values())
                        .noneMatch(m -> c.getPackageName().equals(m.root) || c.getPackageName().startsWith(m.root + "."))))
                .check(mine);
    }

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
