package dev.opendrive.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.opendrive.deploy.Apps;

/**
 * deploy/compose/docker-compose.yml, checked without a Docker engine: against the Compose
 * Specification's schema, and for what docs/deploy-compose.md promises an operator.
 */
class ComposeFileTest {

    static final Path DIR = Apps.deployDir().resolve("compose");
    static final Path FILE = DIR.resolve("docker-compose.yml");
    static final Path ENV_EXAMPLE = DIR.resolve(".env.example");
    static final String PROFILE = "microservices";
    static final Set<String> OPENDRIVE = Set.of("api", "thumbnail-worker", "search-indexer");
    static final Set<String> SECRETS = Set.of("JWT_SECRET", "MONGO_ROOT_PASSWORD", "MONGO_APP_PASSWORD");

    final JsonNode raw = ComposeFile.load(FILE);

    /** The file as `docker compose` sees it with .env.example and its secrets filled in. */
    JsonNode resolved(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(ComposeFile.envFile(ENV_EXAMPLE));
        SECRETS.forEach(s -> env.put(s, "0123456789abcdef0123456789abcdef"));
        env.putAll(overrides);
        return ComposeFile.interpolate(raw, env);
    }

    JsonNode resolved() {
        return resolved(Map.of());
    }

    JsonNode service(String name) {
        JsonNode s = resolved().path("services").path(name);
        assertThat(s.isObject()).as("service %s", name).isTrue();
        return s;
    }

    @Test
    void the_file_is_valid_against_the_compose_specification_before_and_after_interpolation() {
        assertThat(ComposeFile.schemaErrors(raw)).isEmpty();
        assertThat(ComposeFile.schemaErrors(resolved())).isEmpty();
        assertThat(ComposeFile.schemaErrors(resolved(Map.of("COMPOSE_PROFILES", PROFILE, "DEPLOYMENT_MODE", PROFILE))))
                .isEmpty();
    }

    @Test
    void the_schema_rejects_a_misspelt_key_so_the_validation_above_means_something() {
        String text = Apps.read(FILE);
        assertThat(ComposeFile.schemaErrors(ComposeFile.load(text.replace("    restart: unless-stopped\n",
                "    restart_policy: unless-stopped\n")))).anyMatch(m -> m.contains("restart_policy"));
        assertThat(ComposeFile.schemaErrors(ComposeFile.load(text.replace("healthcheck: *opendrive-healthcheck",
                "healthcheck: {test: [CMD, 'true'], intervall: 5s}")))).anyMatch(m -> m.contains("intervall"));
    }

    @Test
    void monolith_by_default_and_kafka_plus_both_workers_in_the_microservices_profile() {
        Map<String, List<String>> profiles = new LinkedHashMap<>();
        raw.path("services").fields().forEachRemaining(f -> profiles.put(f.getKey(), ComposeFile.profiles(f.getValue())));
        assertThat(profiles).containsOnlyKeys("storage-init", "mongo", "api", "kafka", "thumbnail-worker",
                "search-indexer");
        assertThat(profiles.get("storage-init")).isEmpty();
        assertThat(profiles.get("mongo")).isEmpty();
        assertThat(profiles.get("api")).isEmpty();
        assertThat(profiles.get("kafka")).containsExactly(PROFILE);
        assertThat(profiles.get("thumbnail-worker")).containsExactly(PROFILE);
        assertThat(profiles.get("search-indexer")).containsExactly(PROFILE);
        assertThat(service("mongo").path("image").asText()).isEqualTo("mongo:7");
        assertThat(service("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(ComposeFile.environment(service("kafka"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void each_opendrive_service_is_built_from_its_modules_jvm_dockerfile_with_the_repository_as_context() {
        Map<String, Apps.Module> expected = Map.of("api", Apps.api(), "thumbnail-worker", Apps.thumbnailWorker(),
                "search-indexer", Apps.searchIndexer());
        expected.forEach((name, module) -> {
            JsonNode build = service(name).path("build");
            Path context = DIR.resolve(build.path("context").asText()).normalize();
            assertThat(context).as("%s build context", name).isEqualTo(Apps.repo());
            assertThat(context.resolve(build.path("dockerfile").asText()).normalize()).as("%s Dockerfile", name)
                    .isEqualTo(module.dockerfile());
            assertThat(Apps.read(module.dockerfile())).as("%s target stage", name)
                    .contains(" AS " + build.path("target").asText() + "\n");
            assertThat(service(name).path("image").asText()).startsWith(module.image() + ":");
        });
    }

    @Test
    void the_web_ui_and_api_are_published_on_one_port_the_api_listens_on() {
        List<String> publishing = new ArrayList<>();
        resolved().path("services").fields().forEachRemaining(f -> {
            if (f.getValue().has("ports")) {
                publishing.add(f.getKey());
            }
        });
        assertThat(publishing).containsExactly("api");
        JsonNode ports = service("api").path("ports");
        assertThat(ports).hasSize(1);
        JsonNode port = ports.get(0);
        int imagePort = Apps.api().imagePort();
        assertThat(port.path("target").asInt()).isEqualTo(imagePort);
        assertThat(ComposeFile.environment(service("api")).get("PORT")).isEqualTo(String.valueOf(imagePort));
        assertThat(port.path("published").asText()).isEqualTo("8080");
        // loopback unless the operator opens it (.env.example explains the choice)
        assertThat(port.path("host_ip").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void metadata_and_blobs_live_in_named_volumes_and_the_workers_share_the_apis_blob_volume() {
        Set<String> declared = new TreeSet<>();
        raw.path("volumes").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new TreeSet<>();
        resolved().path("services").forEach(s -> s.path("volumes").forEach(v -> {
            String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
            if (!source.startsWith(".") && !source.startsWith("/")) {
                used.add(source);
            }
        }));
        assertThat(used).isEqualTo(declared);

        assertThat(mounts("mongo")).containsEntry("/data/db", "mongo-data");
        assertThat(mounts("kafka")).containsEntry(ComposeFile.environment(service("kafka")).get("KAFKA_LOG_DIRS"),
                "kafka-data");
        String blobs = null;
        for (String name : OPENDRIVE) {
            Map<String, String> env = ComposeFile.environment(service(name));
            assertThat(env).as(name).containsEntry("STORAGE_PROVIDER", "local");
            String path = env.get("STORAGE_PATH");
            assertThat(mounts(name)).as("%s mounts STORAGE_PATH", name).containsKey(path);
            blobs = blobs == null ? mounts(name).get(path) : blobs;
            assertThat(mounts(name).get(path)).as("%s shares the blob volume", name).isEqualTo(blobs);
        }
        // the volume is handed to the images' user before they start
        String uid = userOfImages();
        JsonNode init = service("storage-init");
        String initPath = mounts("storage-init").entrySet().stream().filter(e -> e.getValue().equals("blobs"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(init.path("command").toString()).contains("chown", uid + ":" + uid, initPath);
        for (String name : OPENDRIVE) {
            assertThat(service(name).path("depends_on").path("storage-init").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void health_checks_probe_the_readiness_endpoint_on_the_port_the_image_listens_on() {
        for (String name : OPENDRIVE) {
            Apps.Module module = Apps.byDockerfile(service(name).path("build").path("dockerfile").asText());
            assertThat(module.servesHealth()).as("%s serves /q/health", name).isTrue();
            String test = String.join(" ", texts(service(name).path("healthcheck").path("test")));
            assertThat(test).as(name).contains("/dev/tcp/127.0.0.1/" + module.imagePort() + " ")
                    .contains("GET /q/health/ready ").contains("' 200 '");
            // the runtime image is Debian's JRE without curl or wget: the check uses bash (essential on
            // Debian), head and grep only
            String dockerfile = Apps.read(module.dockerfile());
            String runtime = dockerfile.substring(dockerfile.lastIndexOf("FROM "));
            assertThat(runtime).startsWith("FROM ${DEBIAN_IMAGE} AS runtime").doesNotContain("curl", "wget");
            assertThat(dockerfile).contains("ARG DEBIAN_IMAGE=debian:");
            assertThat(texts(service(name).path("healthcheck").path("test"))).startsWith("CMD", "bash", "-c");
        }
        assertThat(texts(service("mongo").path("healthcheck").path("test"))).contains("mongosh");
        assertThat(String.join(" ", texts(service("kafka").path("healthcheck").path("test"))))
                .contains("kafka-broker-api-versions.sh");
        assertThat(service("api").path("depends_on").path("mongo").path("condition").asText())
                .isEqualTo("service_healthy");
        for (String worker : List.of("thumbnail-worker", "search-indexer")) {
            assertThat(service(worker).path("depends_on").path("kafka").path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(service(worker).path("depends_on").path("mongo").path("condition").asText())
                    .isEqualTo("service_healthy");
        }
    }

    @Test
    void long_running_services_restart_unless_stopped_and_the_one_shot_init_does_not() {
        resolved().path("services").fields().forEachRemaining(f -> {
            String expected = f.getKey().equals("storage-init") ? "no" : "unless-stopped";
            assertThat(f.getValue().path("restart").asText()).as(f.getKey()).isEqualTo(expected);
        });
    }

    @Test
    void every_environment_variable_set_on_an_opendrive_service_is_one_the_apps_read() {
        Set<String> read = Apps.environmentVariables();
        assertThat(read).contains("MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS", "STORAGE_PATH", "JAVA_OPTS", "OTLP_ENDPOINT");
        for (String name : OPENDRIVE) {
            assertThat(ComposeFile.environment(service(name)).keySet()).as(name).isSubsetOf(read);
        }
    }

    @Test
    void the_api_is_a_monolith_by_default_and_joins_the_workers_on_kafka_in_microservices_mode() {
        assertThat(ComposeFile.environment(service("api"))).containsEntry("DEPLOYMENT_MODE", "monolith");
        JsonNode micro = resolved(Map.of("COMPOSE_PROFILES", PROFILE, "DEPLOYMENT_MODE", PROFILE));
        Map<String, String> api = ComposeFile.environment(micro.path("services").path("api"));
        assertThat(api).containsEntry("DEPLOYMENT_MODE", "microservices");
        String advertised = ComposeFile.environment(service("kafka")).get("KAFKA_ADVERTISED_LISTENERS")
                .replaceAll("^[A-Z_]+://", "");
        for (String worker : List.of("thumbnail-worker", "search-indexer")) {
            Map<String, String> env = ComposeFile.environment(micro.path("services").path(worker));
            assertThat(env).containsEntry("DEPLOYMENT_MODE", "microservices")
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", advertised)
                    .containsEntry("KAFKA_TOPIC", api.get("KAFKA_TOPIC"))
                    .containsEntry("KAFKA_DLQ_TOPIC", api.get("KAFKA_DLQ_TOPIC"))
                    .containsEntry("MONGODB_URI", api.get("MONGODB_URI"))
                    .containsEntry("MONGODB_DATABASE", api.get("MONGODB_DATABASE"));
        }
        assertThat(api.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(advertised);
        URI mongo = URI.create(api.get("MONGODB_URI"));
        assertThat(mongo.getHost() + ":" + mongo.getPort()).isEqualTo("mongo:27017");
        assertThat(mongo.getUserInfo()).isEqualTo("opendrive:0123456789abcdef0123456789abcdef");
    }

    @Test
    void secrets_come_from_the_env_file_and_compose_refuses_to_start_without_them() {
        assertThat(ComposeFile.requiredVariables(raw)).containsAll(SECRETS);
        Map<String, String> example = ComposeFile.envFile(ENV_EXAMPLE);
        for (String secret : SECRETS) {
            assertThat(example).as("%s is in .env.example without a value", secret).containsEntry(secret, "");
        }
        Map<String, String> withoutJwt = new HashMap<>(example);
        SECRETS.forEach(s -> withoutJwt.put(s, "x"));
        withoutJwt.put("JWT_SECRET", "");
        assertThatThrownBy(() -> ComposeFile.interpolate(raw, withoutJwt)).hasMessageContaining("JWT_SECRET");
        // every variable the file uses is documented in .env.example (set or commented out)
        Set<String> documented = ComposeFile.documentedVariables(ENV_EXAMPLE);
        assertThat(documented).containsAll(ComposeFile.variables(raw));
        // the filled-in .env never reaches git or an image build
        assertThat(Apps.read(Apps.repo().resolve(".gitignore")).lines()).contains("/deploy/compose/.env");
        assertThat(Apps.read(Apps.repo().resolve(".dockerignore")).lines()).contains(".env", "**/*.env");
    }

    @Test
    void the_jvm_services_have_a_memory_limit_their_heap_is_a_share_of() {
        for (String name : OPENDRIVE) {
            JsonNode s = service(name);
            assertThat(s.path("mem_limit").asText()).as(name).matches("\\d+[mg]");
            assertThat(ComposeFile.environment(s).get("JAVA_OPTS")).as(name).contains("-XX:MaxRAMPercentage=");
        }
    }

    @Test
    void mongo_creates_the_application_account_from_the_variables_it_is_given() {
        assertThat(mounts("mongo")).containsEntry("/docker-entrypoint-initdb.d", "./mongo-init");
        Path script = DIR.resolve("mongo-init/create-app-user.js");
        Matcher m = Pattern.compile("process\\.env\\.([A-Z_]+)").matcher(Apps.read(script));
        Set<String> used = new TreeSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(ComposeFile.environment(service("mongo")).keySet()).containsAll(used);
        assertThat(Apps.read(script)).contains("role: 'readWrite'");
    }

    @Test
    void the_guide_names_the_commands_and_services_of_this_file() {
        String guide = Apps.read(Apps.repo().resolve("docs/deploy-compose.md"));
        assertThat(guide).contains("docker compose up -d", "COMPOSE_PROFILES=microservices",
                "DEPLOYMENT_MODE=microservices", "docker compose logs", "docker compose pull", ".env.example");
        raw.path("services").fieldNames().forEachRemaining(name -> assertThat(guide).contains("`" + name + "`"));
    }

    private Map<String, String> mounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        service(service).path("volumes").forEach(v -> {
            if (v.isTextual()) {
                String[] parts = v.asText().split(":");
                mounts.put(parts[1], parts[0]);
            } else {
                mounts.put(v.path("target").asText(), v.path("source").asText());
            }
        });
        return mounts;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String userOfImages() {
        Set<String> users = new TreeSet<>();
        for (Apps.Module m : Apps.all()) {
            Matcher user = Pattern.compile("(?m)^USER (\\d+)$").matcher(Apps.read(m.dockerfile()));
            while (user.find()) {
                users.add(user.group(1));
            }
        }
        assertThat(users).hasSize(1);
        return users.iterator().next();
    }
}
