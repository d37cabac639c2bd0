package dev.opendrive.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deployment files live, whether the tests run from the module or from the repository root. */
public final class DeployTree {
    private DeployTree() {
    }

    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.exists(p.resolve("mvnw"))) {
                return p.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/ directory above " + here);
    }
}
