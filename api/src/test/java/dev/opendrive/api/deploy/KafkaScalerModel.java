package dev.opendrive.api.deploy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Google's Kafka autoscaler for Cloud Run (GoogleCloudPlatform/cloud-run-kafka-scaler) as its README
 * documents it, to check our scaling configuration offline: {@link #parse} applies the rules of its
 * configuration parser (only {@code spec} is read; integers where it casts to int, decimals where it
 * casts to double; the metric, policy and select names it knows), and {@link Simulation} replays its
 * decision rule (a metric is inactive at or below its activation threshold; every metric inactive
 * means zero instances; HPA stabilization windows and rate policies bound each change).
 */
final class KafkaScalerModel {

    record Target(int average, int activationThreshold, double tolerance) {
    }

    record Policy(boolean percent, int value, int periodSeconds) {
    }

    record Scaling(int stabilizationWindowSeconds, List<Policy> policies, String selectPolicy) {
    }

    record Config(String target, Target cpu, Target lag, Scaling scaleUp, Scaling scaleDown) {
    }

    /** A configuration the scaler would reject or silently misread. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private KafkaScalerModel() {
    }

    static Config parse(String yamlText) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        Map<?, ?> top = mapping(root, "the document");
        only(top, "the top level", Set.of("spec"));
        Map<?, ?> spec = mapping(top.get("spec"), "spec");
        only(spec, "spec", Set.of("scaleTargetRef", "metrics", "behavior"));
        String target = string(mapping(spec.get("scaleTargetRef"), "spec.scaleTargetRef").get("name"),
                "spec.scaleTargetRef.name");
        if (!target.matches("projects/[^/]+/locations/[^/]+/(workerpools|services)/[^/]+")) {
            throw new Invalid("spec.scaleTargetRef.name is not projects/P/locations/R/(workerpools|services)/N: " + target);
        }
        if (!(spec.get("metrics") instanceof List<?> metrics) || metrics.isEmpty()) {
            throw new Invalid("spec.metrics must be a non-empty list");
        }
        Target cpu = null;
        Target lag = null;
        for (Object m : metrics) {
            Map<?, ?> metric = mapping(m, "spec.metrics[]");
            String type = string(metric.get("type"), "spec.metrics[].type");
            switch (type) {
                case "Resource" -> {
                    Map<?, ?> resource = mapping(metric.get("resource"), "spec.metrics[].resource");
                    if (!"cpu".equals(resource.get("name"))) {
                        throw new Invalid("the only resource metric is cpu, not " + resource.get("name"));
                    }
                    cpu = target(mapping(resource.get("target"), "cpu target"), "Utilization", "averageUtilization");
                    if (cpu.average() < 1 || cpu.average() > 100) {
                        throw new Invalid("cpu averageUtilization is a percentage: " + cpu.average());
                    }
                }
                case "External" -> {
                    Map<?, ?> external = mapping(metric.get("external"), "spec.metrics[].external");
                    Object name = mapping(external.get("metric"), "external.metric").get("name");
                    if (!"consumer_lag".equals(name)) {
                        throw new Invalid("the only external metric is consumer_lag, not " + name);
                    }
                    lag = target(mapping(external.get("target"), "consumer_lag target"), "AverageValue", "averageValue");
                }
                default -> throw new Invalid("unsupported metric type " + type);
            }
        }
        Scaling up = null;
        Scaling down = null;
        if (spec.get("behavior") != null) {
            Map<?, ?> behavior = mapping(spec.get("behavior"), "spec.behavior");
            only(behavior, "spec.behavior", Set.of("scaleUp", "scaleDown", "cooldownSeconds"));
            if (behavior.containsKey("cooldownSeconds")) {
                integer(behavior.get("cooldownSeconds"), "spec.behavior.cooldownSeconds");
            }
            up = behavior.get("scaleUp") == null ? null : scaling(mapping(behavior.get("scaleUp"), "scaleUp"));
            down = behavior.get("scaleDown") == null ? null : scaling(mapping(behavior.get("scaleDown"), "scaleDown"));
        }
        return new Config(target, cpu, lag, up, down);
    }

    private static Target target(Map<?, ?> t, String type, String averageKey) {
        if (!type.equals(t.get("type"))) {
            throw new Invalid("target type must be " + type + ", not " + t.get("type"));
        }
        int average = integer(t.get(averageKey), averageKey);
        int activation = t.containsKey("activationThreshold") ? integer(t.get("activationThreshold"), "activationThreshold") : 0;
        double tolerance = 0.1;
        if (t.containsKey("tolerance")) {
            if (!(t.get("tolerance") instanceof Double d)) {
                throw new Invalid("tolerance must be a decimal (the scaler casts it to double): " + t.get("tolerance"));
            }
            tolerance = d;
        }
        if (t.containsKey("windowSeconds")) {
            integer(t.get("windowSeconds"), "windowSeconds");
        }
        return new Target(average, activation, tolerance);
    }

    private static Scaling scaling(Map<?, ?> s) {
        int window = s.containsKey("stabilizationWindowSeconds")
                ? integer(s.get("stabilizationWindowSeconds"), "stabilizationWindowSeconds")
                : 0;
        List<Policy> policies = s.get("policies") == null ? List.of()
                : ((List<?>) s.get("policies")).stream().map(p -> {
                    Map<?, ?> policy = mapping(p, "policies[]");
                    String type = string(policy.get("type"), "policies[].type");
                    if (!type.equals("Percent") && !type.equals("Instances")) {
                        throw new Invalid("unsupported policy type " + type);
                    }
                    return new Policy(type.equals("Percent"), integer(policy.get("value"), "policies[].value"),
                            integer(policy.get("periodSeconds"), "policies[].periodSeconds"));
                }).toList();
        String select = s.get("selectPolicy") == null ? "Max" : string(s.get("selectPolicy"), "selectPolicy");
        if (!Set.of("Max", "Min", "Disabled").contains(select)) {
            throw new Invalid("unsupported selectPolicy " + select);
        }
        return new Scaling(window, policies, select);
    }

    /**
     * The scaler's decisions over time on one configuration: {@link #check} is one trigger (Cloud
     * Scheduler's job), given the lag it would read from Kafka and the pool's average CPU utilisation
     * (0..1; none when no instance runs).
     */
    static final class Simulation {
        private record Recommendation(int second, int instances) {
        }

        private final Config config;
        private final int partitions;
        private final Deque<Recommendation> history = new ArrayDeque<>();
        private int instances;

        Simulation(Config config, int partitions, int instances) {
            this.config = config;
            this.partitions = partitions;
            this.instances = instances;
        }

        int instances() {
            return instances;
        }

        int check(int second, long lag, double cpuUtilization) {
            int recommended = 0;
            if (config.lag() != null && lag > config.lag().activationThreshold()) {
                double wanted = lag / (double) config.lag().average();
                recommended = withinTolerance(wanted, config.lag().tolerance()) ? Math.max(instances, 1)
                        : (int) Math.ceil(Math.max(instances, 1) * wanted);
            }
            if (config.cpu() != null && instances > 0 && cpuUtilization > config.cpu().activationThreshold() / 100.0) {
                double wanted = cpuUtilization / (config.cpu().average() / 100.0);
                int byCpu = withinTolerance(wanted, config.cpu().tolerance()) ? instances
                        : (int) Math.ceil(instances * wanted);
                recommended = Math.max(recommended, byCpu);
            }
            recommended = Math.min(recommended, partitions);
            history.addLast(new Recommendation(second, recommended));
            int next = recommended;
            if (recommended < instances && config.scaleDown() != null) {
                next = Math.max(next, highestSince(second - config.scaleDown().stabilizationWindowSeconds()));
                next = Math.max(next, rateBound(config.scaleDown(), false));
            } else if (recommended > instances && config.scaleUp() != null) {
                next = Math.min(next, lowestSince(second - config.scaleUp().stabilizationWindowSeconds()));
                next = Math.min(next, rateBound(config.scaleUp(), true));
            }
            instances = next;
            return instances;
        }

        private static boolean withinTolerance(double ratio, double tolerance) {
            return ratio >= 1 - tolerance && ratio <= 1 + tolerance;
        }

        private int highestSince(int second) {
            return history.stream().filter(r -> r.second() > second).mapToInt(Recommendation::instances).max().orElse(0);
        }

        private int lowestSince(int second) {
            return history.stream().filter(r -> r.second() > second).mapToInt(Recommendation::instances).min()
                    .orElse(Integer.MAX_VALUE);
        }

        /** How far one change may go from the current count (checks a minute apart: one period each). */
        private int rateBound(Scaling scaling, boolean up) {
            if (scaling.selectPolicy().equals("Disabled")) {
                return instances;
            }
            if (scaling.policies().isEmpty()) {
                return up ? Integer.MAX_VALUE : 0;
            }
            boolean widest = scaling.selectPolicy().equals("Max");
            int bound = up == widest ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            for (Policy p : scaling.policies()) {
                int b;
                if (up) {
                    b = p.percent() ? (int) Math.ceil(instances * (1 + p.value() / 100.0)) : instances + p.value();
                } else {
                    b = p.percent() ? (int) Math.floor(instances * (1 - p.value() / 100.0)) : instances - p.value();
                }
                bound = up == widest ? Math.max(bound, b) : Math.min(bound, b);
            }
            return bound;
        }
    }

    private static void only(Map<?, ?> map, String where, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new Invalid("'" + key + "' at " + where + " is not read by the scaler (it reads " + known + ")");
            }
        }
    }

    private static Map<?, ?> mapping(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new Invalid(where + " must be a mapping, found " + value);
        }
        return map;
    }

    private static String string(Object value, String where) {
        if (!(value instanceof String s)) {
            throw new Invalid(where + " must be a string, found " + value);
        }
        return s;
    }

    private static int integer(Object value, String where) {
        if (!(value instanceof Integer i)) {
            throw new Invalid(where + " must be an integer (the scaler casts it to int), found " + value);
        }
        return i;
    }
}
