package dev.opendrive.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The environment a Cloud Run manifest (cloudrun/*.yaml) gives its container, rendered the way
 * deploy-serverless-cloudrun.sh renders it: placeholders from .env.cloudrun, then
 * cloudrun/defaults.env. Only plain values, and not the deployment's addresses: variables from
 * Secret Manager (MONGODB_URI, Kafka credentials) and KAFKA_BOOTSTRAP_SERVERS are left out, so a
 * test supplies its real database and broker for them.
 */
public final class CloudRunManifest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private CloudRunManifest() {
    }

    /** The plain environment of the first container of {@code manifest} (e.g. "cloudrun/thumbnail-worker-pool.yaml"). */
    public static Map<String, String> env(String manifest) {
        Path root = repositoryRoot();
        Properties settings = new Properties();
        load(settings, root.resolve("cloudrun/defaults.env"));
        load(settings, root.resolve(".env.cloudrun")); // the user's values win over the defaults
        String text;
        try {
            text = Files.readString(root.resolve(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder rendered = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String value = settings.getProperty(m.group(1), "");
            // values the script derives at run time (project, region, image names, e-mails)
            m.appendReplacement(rendered, Matcher.quoteReplacement(value.isEmpty() ? "derived-" + m.group(1) : value));
        }
        m.appendTail(rendered);
        Map<?, ?> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(rendered.toString());
        Map<?, ?> spec = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("spec")).get("template")).get("spec");
        Map<?, ?> container = (Map<?, ?>) ((List<?>) spec.get("containers")).get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (Object entry : (List<?>) container.get("env")) {
            Map<?, ?> variable = (Map<?, ?>) entry;
            if (variable.containsKey("value") && !"KAFKA_BOOTSTRAP_SERVERS".equals(variable.get("name"))) {
                env.put(String.valueOf(variable.get("name")), String.valueOf(variable.get("value")));
            }
        }
        return env;
    }

    private static void load(Properties into, Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            Properties p = new Properties();
            p.load(in);
            p.forEach((k, v) -> into.setProperty((String) k, unquote((String) v)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy-serverless-cloudrun.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy-serverless-cloudrun.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
