package dev.opendrive.deploy.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.opendrive.deploy.Apps;

/**
 * A Compose file as Docker Compose sees it: YAML with anchors and merge keys resolved (SnakeYAML;
 * Jackson's YAML parser does not resolve merge keys), validated against the Compose Specification's
 * JSON schema, and interpolated like Compose does it from an env file.
 */
final class ComposeFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    // ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+alt}, ${NAME+alt}
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private ComposeFile() {
    }

    static JsonNode load(Path file) {
        return load(Apps.read(file));
    }

    static JsonNode load(String yaml) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return JSON.valueToTree(tree);
    }

    /** Problems the Compose Specification's schema finds (empty when the file is valid). */
    static List<String> schemaErrors(JsonNode compose) {
        // loaded by location: its "$id" (compose_spec.json) is relative and needs a base to resolve against
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of("classpath:compose/compose-spec.json"));
        Set<ValidationMessage> messages = schema.validate(compose);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** The names of all variables the file refers to, with and without defaults. */
    static Set<String> variables(JsonNode compose) {
        Set<String> names = new TreeSet<>();
        forEachText(compose, text -> {
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                if (m.group(1) != null) {
                    names.add(m.group(1));
                } else if (m.group(4) != null) {
                    names.add(m.group(4));
                }
            }
        });
        return names;
    }

    /** Variables that must be set and non-empty: ${NAME:?...}, and ${NAME} without any default. */
    static Set<String> requiredVariables(JsonNode compose) {
        Set<String> names = new TreeSet<>();
        forEachText(compose, text -> {
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                if (m.group(1) != null && (":?".equals(m.group(2)) || "?".equals(m.group(2)))) {
                    names.add(m.group(1));
                }
            }
        });
        return names;
    }

    /** The file with every ${...} replaced as Compose does it, given these variables. */
    static JsonNode interpolate(JsonNode compose, Map<String, String> env) {
        return map(compose.deepCopy(), text -> {
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(resolve(m, env)));
            }
            m.appendTail(out);
            return out.toString();
        });
    }

    private static String resolve(Matcher m, Map<String, String> env) {
        if (m.group().equals("$$")) {
            return "$";
        }
        String name = m.group(1) != null ? m.group(1) : m.group(4);
        String value = env.get(name);
        String op = m.group(2);
        String arg = m.group(3);
        if (op == null) {
            return value == null ? "" : value;
        }
        boolean unset = op.startsWith(":") ? value == null || value.isEmpty() : value == null;
        return switch (op.substring(op.length() - 1)) {
            case "-" -> unset ? arg : value;
            case "+" -> unset ? "" : arg;
            case "?" -> {
                if (unset) {
                    throw new IllegalArgumentException("required variable " + name + " is missing: " + arg);
                }
                yield value;
            }
            default -> throw new IllegalStateException(op);
        };
    }

    /** KEY=VALUE lines of an env file (comments, blank lines and commented-out lines skipped). */
    static Map<String, String> envFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Apps.read(file).lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return env;
    }

    /** Names that appear in the env file, set or commented out ("#NAME=..."): the documented ones. */
    static Set<String> documentedVariables(Path envFile) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#?([A-Z][A-Z0-9_]*)=").matcher(Apps.read(envFile));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** A service's environment as a map, whether written as a mapping or as a list of KEY=VALUE. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject()) {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
        } else if (e.isArray()) {
            e.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            });
        }
        return env;
    }

    static List<String> profiles(JsonNode service) {
        List<String> profiles = new ArrayList<>();
        service.path("profiles").forEach(p -> profiles.add(p.asText()));
        return profiles;
    }

    private interface TextVisitor {
        void visit(String text);
    }

    private interface TextMapper {
        String map(String text);
    }

    private static void forEachText(JsonNode node, TextVisitor visitor) {
        if (node.isTextual()) {
            visitor.visit(node.asText());
        }
        node.elements().forEachRemaining(child -> forEachText(child, visitor));
    }

    private static JsonNode map(JsonNode node, TextMapper mapper) {
        if (node.isTextual()) {
            return TextNode.valueOf(mapper.map(node.asText()));
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
                String name = names.next();
                object.set(name, map(object.get(name), mapper));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, map(array.get(i), mapper));
            }
        }
        return node;
    }
}
