package dev.opendrive.api.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Cloud Run deployment script's offline test (cloudrun/test/deploy-script-test.sh: the
 * script against a recording gcloud stub) as part of the Maven test run, and parses every Cloud Run
 * manifest, template and rendered, with SnakeYAML when it is on the test class path.
 */
class DeployScriptTest {

    private static final String TEST_SCRIPT = "cloudrun/test/deploy-script-test.sh";

    /**
     * A deployment that leaves an application setting out behaves like a local run: the deployment's
     * defaults (cloudrun/defaults.env, the one place the script takes them from) equal the
     * application's own (its @WithDefault values and shared settings).
     */
    @Test
    void theDeploymentsDefaultsAreTheApplicationsDefaults() throws Exception {
        Path root = repositoryRoot();
        java.util.Properties deploy = new java.util.Properties();
        try (var in = Files.newBufferedReader(root.resolve("cloudrun/defaults.env"))) {
            deploy.load(in);
        }
        assertEquals(withDefault(dev.opendrive.model.config.OpenDriveConfig.Storage.class, "maxFileSize"),
                deploy.getProperty("MAX_FILE_SIZE"));
        assertEquals(withDefault(dev.opendrive.platform.kafka.KafkaConfig.class, "topic"), deploy.getProperty("KAFKA_TOPIC"));
        assertEquals(withDefault(dev.opendrive.platform.kafka.KafkaConfig.class, "dlqTopic"),
                deploy.getProperty("KAFKA_DLQ_TOPIC"));
        java.util.Properties shared = new java.util.Properties();
        try (var in = Files.newBufferedReader(
                root.resolve("common/platform/src/main/resources/META-INF/microprofile-config.properties"))) {
            shared.load(in);
        }
        assertEquals(shared.getProperty("quarkus.mongodb.database"), deploy.getProperty("MONGODB_DATABASE"));
        java.util.Properties api = new java.util.Properties();
        try (var in = Files.newBufferedReader(root.resolve("api/src/main/resources/application.properties"))) {
            api.load(in);
        }
        assertEquals(api.getProperty("quarkus.http.cors.origins"), deploy.getProperty("ALLOWED_ORIGINS"));
        assertEquals("INFO", deploy.getProperty("LOG_LEVEL"), "Quarkus' own default log level");
    }

    private static String withDefault(Class<?> mapping, String method) throws NoSuchMethodException {
        return mapping.getMethod(method).getAnnotation(io.smallrye.config.WithDefault.class).value();
    }

    @Test
    void deployScriptTestPasses(@TempDir Path tmp) throws Exception {
        Path root = repositoryRoot();
        Assumptions.assumeTrue(commandExists("bash"), "bash is not installed");
        Path rendered = tmp.resolve("rendered");

        ProcessBuilder builder = new ProcessBuilder("bash", TEST_SCRIPT)
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().put("DEPLOY_TEST_KEEP_RENDERED", rendered.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }

        assertTrue(finished, () -> TEST_SCRIPT + " did not finish in 5 minutes:\n" + output);
        assertEquals(0, process.exitValue(), () -> TEST_SCRIPT + " failed:\n" + output);
        assertTrue(output.lines().anyMatch(line -> line.matches("\\d+ passed, 0 failed(, \\d+ skipped)?")),
                () -> "no closing 'N passed, 0 failed' line:\n" + output);

        List<Path> manifests = yamlFiles(rendered);
        assertFalse(manifests.isEmpty(), () -> "no rendered manifests kept in " + rendered + ":\n" + output);
        Object yaml = snakeYaml();
        for (Path manifest : manifests) {
            String text = Files.readString(manifest);
            assertFalse(text.contains("${"), () -> manifest + " still has a placeholder:\n" + text);
            assertFalse(load(yaml, manifest).isEmpty(), () -> manifest + " has no YAML document");
        }

        Map<?, ?> api = (Map<?, ?>) load(yaml, rendered.resolve("api-service.yaml")).get(0);
        assertEquals("serving.knative.dev/v1", api.get("apiVersion"));
        Map<?, ?> template = map(map(api, "spec"), "template");
        Map<?, ?> annotations = map(map(template, "metadata"), "annotations");
        assertEquals("0", annotations.get("autoscaling.knative.dev/minScale"));
        assertEquals("10", annotations.get("autoscaling.knative.dev/maxScale"));
        assertEquals("true", annotations.get("run.googleapis.com/startup-cpu-boost"));
        Map<?, ?> spec = map(template, "spec");
        assertEquals(80, spec.get("containerConcurrency"));
        assertEquals(300, spec.get("timeoutSeconds"));
        Map<?, ?> container = (Map<?, ?>) ((List<?>) spec.get("containers")).get(0);
        assertEquals("h2c", ((Map<?, ?>) ((List<?>) container.get("ports")).get(0)).get("name"));
        Map<?, ?> limits = map(map(container, "resources"), "limits");
        assertEquals("2", limits.get("cpu"));
        assertEquals("1Gi", limits.get("memory"));
        assertEquals("/q/health/started", map(map(container, "startupProbe"), "httpGet").get("path"));
        assertEquals("/q/health/live", map(map(container, "livenessProbe"), "httpGet").get("path"));

        Map<?, ?> pool = (Map<?, ?>) load(yaml, rendered.resolve("thumbnail-worker-pool.yaml")).get(0);
        assertEquals("WorkerPool", pool.get("kind"));
        assertEquals("manual", map(map(pool, "metadata"), "annotations").get("run.googleapis.com/scalingMode"));
        for (String kind : List.of("thumbnail", "search")) {
            // what the deployment stores for the autoscaler, read by the autoscaler's rules
            KafkaScalerModel.parse(Files.readString(rendered.resolve(kind + "-scaler-config.yaml")));
        }
    }

    @Test
    void everyManifestTemplateParses() throws Exception {
        Object yaml = snakeYaml();
        List<Path> templates = yamlFiles(repositoryRoot().resolve("cloudrun"));
        assertTrue(templates.size() >= 5, () -> "expected the Cloud Run manifests, found " + templates);
        for (Path template : templates) {
            assertFalse(load(yaml, template).isEmpty(), () -> template + " has no YAML document");
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy-serverless-cloudrun.sh"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "deploy-serverless-cloudrun.sh not found above " + Path.of("").toAbsolutePath());
        return dir;
    }

    private static boolean commandExists(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** SnakeYAML comes with the test class path (through Jackson's YAML module); reflection keeps this test compiling without it. */
    private static Object snakeYaml() throws ReflectiveOperationException {
        Class<?> yamlClass;
        try {
            yamlClass = Class.forName("org.yaml.snakeyaml.Yaml");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("SnakeYAML is not on the test class path: YAML not parsed here");
            throw new IllegalStateException(e);
        }
        return yamlClass.getConstructor().newInstance();
    }

    private static List<Object> load(Object yaml, Path file) throws Exception {
        Method loadAll = yaml.getClass().getMethod("loadAll", String.class);
        List<Object> documents = new ArrayList<>();
        for (Object document : (Iterable<?>) loadAll.invoke(yaml, Files.readString(file))) {
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    private static Map<?, ?> map(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, () -> "'" + key + "' is not a mapping in " + parent);
        return (Map<?, ?>) value;
    }
}
