package dev.opendrive.deploy.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.opendrive.deploy.DeployTree;

/**
 * The systemd units of deploy/vm/systemd: what docs/deploy-vm.md promises (an unprivileged user,
 * the env file, the sandbox, restarts), and, where systemd-analyze exists, systemd's own verdict on
 * them (unknown keys, bad values) in a scratch root that has the executables they start.
 */
class SystemdUnitsTest {

    static final Path UNITS = DeployTree.root().resolve("vm/systemd");
    static final List<String> ALL = List.of("opendrive-api@.service", "opendrive-thumbnail-worker.service",
            "opendrive-search-indexer.service", "kafka.service");

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = { "opendrive-api@.service", "opendrive-thumbnail-worker.service", "opendrive-search-indexer.service",
            "kafka.service" })
    void runsSandboxedAsAnUnprivilegedUserAndComesBack(String unit) throws IOException {
        Map<String, List<String>> service = section(unit, "Service");

        assertThat(service.get("User")).singleElement().isIn("opendrive", "kafka");
        assertThat(service.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(service.get("ProtectSystem")).containsExactly("strict");
        assertThat(service.get("PrivateTmp")).containsExactly("yes");
        assertThat(service.get("ProtectHome")).containsExactly("yes");
        assertThat(service.get("CapabilityBoundingSet")).containsExactly("");
        assertThat(service.get("ReadWritePaths")).singleElement().asString().startsWith("/var/lib/");
        assertThat(service.get("Restart")).singleElement().isIn("always", "on-failure");
        assertThat(service.get("SuccessExitStatus")).containsExactly("143");
        // the JIT writes code and runs it
        assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(section(unit, "Install").get("WantedBy")).containsExactly("multi-user.target");
    }

    @ParameterizedTest
    @ValueSource(strings = { "opendrive-api@.service", "opendrive-thumbnail-worker.service", "opendrive-search-indexer.service" })
    void openDriveProcessesReadTheEnvFileAndSetTheirOwnPort(String unit) throws IOException {
        Map<String, List<String>> service = section(unit, "Service");

        assertThat(service.get("EnvironmentFile")).containsExactly("/etc/opendrive/opendrive.env");
        assertThat(service.get("ReadWritePaths")).containsExactly("/var/lib/opendrive");
        // PORT after the env file (env(1) on the command line), so a PORT there cannot override it
        assertThat(service.get("ExecStart")).singleElement().asString().startsWith("/usr/bin/env PORT=");
    }

    @Test
    void apiInstanceIsItsPortWithMetricsBesideIt() throws IOException {
        String exec = section("opendrive-api@.service", "Service").get("ExecStart").get(0);

        assertThat(exec).startsWith("/usr/bin/env PORT=%i MANAGEMENT_PORT=1%i /usr/bin/java @/opt/opendrive/api/jvm.options -jar ");
    }

    @Test
    void kafkaRefusesAnUnformattedStorageDirectory() throws IOException {
        assertThat(section("kafka.service", "Unit").get("AssertPathExists")).containsExactly("/var/lib/kafka/data/meta.properties");
        assertThat(Files.readAllLines(DeployTree.root().resolve("vm/kafka/server.properties")))
                .contains("process.roles=broker,controller", "log.dirs=/var/lib/kafka/data");
    }

    @Test
    void systemdAcceptsTheUnits() throws Exception {
        Path analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        Path systemUnits = Stream.of("/usr/lib/systemd/system", "/lib/systemd/system").map(Path::of).filter(Files::isDirectory)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(analyze != null && systemUnits != null, "no systemd-analyze and system units here");
        // a scratch root: the distribution's units (targets the ones here refer to), ours, and a stub
        // for every program they start
        copyTree(systemUnits, root.resolve("usr/lib/systemd/system"));
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        for (String unit : ALL) {
            Files.copy(UNITS.resolve(unit), etc.resolve(unit));
            String program = section(unit, "Service").get("ExecStart").get(0).split(" ")[0];
            Path stub = root.resolve(program.substring(1));
            Files.createDirectories(stub.getParent());
            Files.writeString(stub, "#!/bin/sh\n");
            stub.toFile().setExecutable(true);
        }

        Commands.Run verify = Commands.run(null, analyze.toString(), "--root=" + root, "verify", "opendrive-api@5001.service",
                "opendrive-thumbnail-worker.service", "opendrive-search-indexer.service", "kafka.service");

        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify says").isEmpty();
    }

    /** A unit file's section: key -> values in order (a key may repeat). */
    static Map<String, List<String>> section(String unit, String name) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(UNITS.resolve(unit))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[")) {
                current = l.substring(1, l.length() - 1);
            } else if (name.equals(current)) {
                int eq = l.indexOf('=');
                keys.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
            }
        }
        return keys;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isSymbolicLink(f)) {
                    continue; // aliases and masked units: nothing the units here refer to
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
