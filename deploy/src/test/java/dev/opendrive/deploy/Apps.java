package dev.opendrive.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the OpenDrive apps and their images really read, taken from their sources (read only), so the
 * deployment files are checked against the code rather than against a copy of it in a test.
 */
public final class Apps {

    /** One deployable: its Maven module, the image name its Dockerfile documents, the Dockerfile. */
    public record Module(String dir, String image, Path dockerfile) {

        public Path path() {
            return repo().resolve(dir);
        }

        /** The HTTP port the runtime image sets (ENV PORT=... of the default "runtime" stage). */
        public int imagePort() {
            String text = read(dockerfile);
            String runtime = text.substring(text.lastIndexOf(" AS runtime\n"));
            Matcher m = Pattern.compile("\\bPORT=(\\d+)").matcher(runtime);
            if (!m.find()) {
                throw new IllegalStateException("no ENV PORT in the runtime stage of " + dockerfile);
            }
            return Integer.parseInt(m.group(1));
        }

        /** Whether /q/health/{started,live,ready} exist: the module depends on SmallRye Health. */
        public boolean servesHealth() {
            return read(path().resolve("pom.xml")).contains("<artifactId>quarkus-smallrye-health</artifactId>");
        }

        /** The Kafka consumer group of the workers' file-events channel (null for the API). */
        public String consumerGroup() {
            return applicationProperties().getProperty("mp.messaging.incoming.file-events.group.id");
        }

        public Properties applicationProperties() {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(path().resolve("src/main/resources/application.properties"))) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        }
    }

    private Apps() {
    }

    public static Path repo() {
        return DeployTree.root().getParent();
    }

    /** deploy/ (DeployTree, for the tests in the feature packages below this one). */
    public static Path deployDir() {
        return DeployTree.root();
    }

    public static Module api() {
        return module("api");
    }

    public static Module thumbnailWorker() {
        return module("workers/thumbnail/app");
    }

    public static Module searchIndexer() {
        return module("workers/search-indexer/app");
    }

    public static List<Module> all() {
        return List.of(api(), thumbnailWorker(), searchIndexer());
    }

    public static List<Module> workers() {
        return List.of(thumbnailWorker(), searchIndexer());
    }

    /** The module whose Dockerfile is at this path (relative to the repository root), or null. */
    public static Module byDockerfile(String relative) {
        return all().stream().filter(m -> m.dockerfile().equals(repo().resolve(relative).normalize()))
                .findFirst().orElse(null);
    }

    /** The module whose documented image name is this one (registry and tag ignored), or null. */
    public static Module byImage(String image) {
        String name = image.replaceAll("@.*$", "").replaceAll(":[^/:]*$", "");
        String last = name.substring(name.lastIndexOf('/') + 1);
        return all().stream().filter(m -> m.image().equals(last)).findFirst().orElse(null);
    }

    static Module module(String dir) {
        Path dockerfile = repo().resolve(dir).resolve("src/main/docker/Dockerfile.jvm");
        // "#   docker build -f <dockerfile> -t <image>:jvm ." in the Dockerfile's header
        Matcher m = Pattern.compile("docker build -f \\S+ -t ([a-z0-9-]+):jvm \\.").matcher(read(dockerfile));
        if (!m.find()) {
            throw new IllegalStateException("no documented image name in " + dockerfile);
        }
        return new Module(dir, m.group(1), dockerfile);
    }

    /**
     * Every environment variable an OpenDrive image reads: the upstream names mapped in
     * {@code UpstreamVariables} (all apps share it through common/platform), the {@code ${VAR}}
     * references of the apps' configuration files, and what the images' entry points expand.
     */
    public static Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        String upstream = read(repo().resolve(
                "common/platform/src/main/java/dev/opendrive/platform/config/UpstreamVariables.java"));
        String keys = upstream.substring(upstream.indexOf("KEYS = keys("), upstream.indexOf(");", upstream.indexOf("KEYS = keys(")));
        Matcher upper = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"").matcher(keys);
        while (upper.find()) {
            names.add(upper.group(1));
        }
        if (names.size() < 20) {
            throw new IllegalStateException("UpstreamVariables changed shape: found only " + names);
        }
        for (Path config : configFiles()) {
            Matcher ref = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(read(config));
            while (ref.find()) {
                names.add(ref.group(1));
            }
        }
        for (Module module : all()) {
            String entrypoint = read(module.dockerfile()).lines().filter(l -> l.startsWith("ENTRYPOINT"))
                    .reduce((a, b) -> b).orElseThrow();
            Matcher var = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)").matcher(entrypoint);
            while (var.find()) {
                names.add(var.group(1));
            }
        }
        return names;
    }

    private static List<Path> configFiles() {
        try (Stream<Path> dirs = Stream.of("api", "common", "workers").map(repo()::resolve)) {
            return dirs.flatMap(Apps::walk).filter(p -> {
                String s = repo().relativize(p).toString().replace('\\', '/');
                return (s.endsWith("/src/main/resources/application.properties")
                        || s.endsWith("/src/main/resources/META-INF/microprofile-config.properties"));
            }).toList();
        }
    }

    /** Regular files below dir, build output and node_modules left out. */
    private static Stream<Path> walk(Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    String name = d.getFileName().toString();
                    return name.equals("target") || name.equals("node_modules")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    files.add(f);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream();
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
