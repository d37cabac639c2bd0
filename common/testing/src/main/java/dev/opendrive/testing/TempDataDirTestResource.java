package dev.opendrive.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fresh, empty DATA_DIR for one launch of an app (the monolith's embedded database, blobs and
 * generated JWT secret land there), deleted afterwards. For suites that must not get
 * {@link MongoTestResource}'s database.
 */
public class TempDataDirTestResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("opendrive-it-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("opendrive.data-dir", dir.toString());
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
