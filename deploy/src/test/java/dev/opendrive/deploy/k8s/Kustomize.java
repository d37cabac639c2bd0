package dev.opendrive.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Builds a kustomization the way `kustomize build` does, for the features deploy/k8s uses:
 * resources (files and directories), namespace, images (newName/newTag) and JSON 6902 patches with a
 * target (kind, name regex). Anything else in a kustomization.yaml is refused rather than ignored.
 * Where kubectl is installed, {@link KubernetesManifestsTest} compares this with `kubectl kustomize`.
 */
final class Kustomize {

    // a key given twice in one mapping is an error, not "the last one wins"
    static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "images",
            "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService");

    private Kustomize() {
    }

    static List<ObjectNode> build(Path dir) {
        JsonNode k = read(dir.resolve("kustomization.yaml")).get(0);
        Set<String> unsupported = new TreeSet<>();
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f)) {
                unsupported.add(f);
            }
        });
        if (!unsupported.isEmpty()) {
            throw new IllegalStateException(dir + ": kustomization fields this renderer does not implement: "
                    + unsupported + " (extend Kustomize.java, or check with kubectl kustomize)");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p));
            } else {
                read(p).forEach(doc -> out.add((ObjectNode) doc));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, out);
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(o -> setImage(o, image));
        }
        if (k.has("namespace")) {
            String ns = k.get("namespace").asText();
            out.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> ((ObjectNode) o.get("metadata")).put("namespace", ns));
        }
        return out;
    }

    /** `kubectl kustomize DIR`, or null when kubectl is not installed. */
    static List<JsonNode> kubectl(Path dir) {
        Path kubectl = findOnPath("kubectl");
        if (kubectl == null) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] yaml = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed");
            }
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
                it.forEachRemaining(d -> {
                    if (d != null && !d.isNull() && !d.isEmpty()) {
                        docs.add(d);
                    }
                });
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> read(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            it.forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                    docs.add(d);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return docs;
    }

    private static void applyPatch(Path dir, JsonNode patch, List<ObjectNode> resources) {
        JsonNode target = patch.path("target");
        JsonNode ops;
        try {
            ops = patch.has("path") ? read(dir.resolve(patch.get("path").asText())).get(0)
                    : YAML.readTree(patch.path("patch").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!ops.isArray() || !target.isObject()) {
            throw new IllegalStateException(dir + ": only JSON 6902 patches (a list of operations) with a target "
                    + "are implemented here: " + patch);
        }
        int matched = 0;
        for (ObjectNode r : resources) {
            if (matches(target, r)) {
                matched++;
                ops.forEach(op -> apply(r, op));
            }
        }
        if (matched == 0) {
            throw new IllegalStateException(dir + ": patch target matches no resource: " + target);
        }
    }

    private static boolean matches(JsonNode target, JsonNode r) {
        for (String field : List.of("kind", "name", "namespace", "group", "version")) {
            if (!target.has(field)) {
                continue;
            }
            String actual = switch (field) {
                case "kind" -> r.path("kind").asText();
                case "name" -> r.path("metadata").path("name").asText();
                case "namespace" -> r.path("metadata").path("namespace").asText();
                case "group" -> r.path("apiVersion").asText().contains("/")
                        ? r.path("apiVersion").asText().split("/")[0] : "";
                default -> r.path("apiVersion").asText().replaceAll("^.*/", "");
            };
            if (!Pattern.matches(target.get(field).asText(), actual)) {
                return false;
            }
        }
        return true;
    }

    private static void apply(ObjectNode root, JsonNode op) {
        String kind = op.path("op").asText();
        List<String> path = pointer(op.path("path").asText());
        JsonNode parent = root;
        for (String token : path.subList(0, path.size() - 1)) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(token)) : parent.get(token);
            if (parent == null) {
                throw new IllegalStateException("patch path does not exist: " + op);
            }
        }
        String last = path.get(path.size() - 1);
        switch (kind) {
            case "add" -> {
                if (parent instanceof ArrayNode array) {
                    if (last.equals("-")) {
                        array.add(op.get("value").deepCopy());
                    } else {
                        array.insert(Integer.parseInt(last), op.get("value").deepCopy());
                    }
                } else {
                    ((ObjectNode) parent).set(last, op.get("value").deepCopy());
                }
            }
            case "replace" -> {
                if (parent instanceof ArrayNode array) {
                    array.set(Integer.parseInt(last), op.get("value").deepCopy());
                } else {
                    if (!parent.has(last)) {
                        throw new IllegalStateException("replace of a missing value: " + op);
                    }
                    ((ObjectNode) parent).set(last, op.get("value").deepCopy());
                }
            }
            case "remove" -> {
                if (parent instanceof ArrayNode array) {
                    array.remove(Integer.parseInt(last));
                } else if (((ObjectNode) parent).remove(last) == null) {
                    throw new IllegalStateException("remove of a missing value: " + op);
                }
            }
            default -> throw new IllegalStateException("JSON patch operation not implemented here: " + op);
        }
    }

    private static List<String> pointer(String p) {
        if (!p.startsWith("/")) {
            throw new IllegalStateException("not a JSON pointer: " + p);
        }
        List<String> tokens = new ArrayList<>();
        for (String t : p.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static void setImage(ObjectNode resource, JsonNode image) {
        JsonNode podSpec = resource.path("spec").path("template").path("spec");
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : podSpec.path(list)) {
                String current = c.path("image").asText();
                String name = current.replaceAll("@.*$", "").replaceAll(":[^/:]*$", "");
                if (!name.equals(image.path("name").asText())) {
                    continue;
                }
                String suffix = current.substring(name.length());
                String newName = image.has("newName") ? image.get("newName").asText() : name;
                if (image.has("newTag")) {
                    suffix = ":" + image.get("newTag").asText();
                }
                if (image.has("digest")) {
                    suffix = "@" + image.get("digest").asText();
                }
                ((ObjectNode) c).set("image", TextNode.valueOf(newName + suffix));
            }
        }
    }

    private static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
