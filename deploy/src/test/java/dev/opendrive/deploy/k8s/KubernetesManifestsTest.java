package dev.opendrive.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.opendrive.deploy.Apps;
import dev.opendrive.deploy.k8s.StrictModel.BackendConfig;
import dev.opendrive.deploy.k8s.StrictModel.KafkaTriggerMetadata;
import dev.opendrive.deploy.k8s.StrictModel.ManagedCertificate;
import dev.opendrive.deploy.k8s.StrictModel.ScaleTrigger;
import dev.opendrive.deploy.k8s.StrictModel.ScaledObject;
import dev.opendrive.deploy.k8s.StrictModel.TriggerAuthentication;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * deploy/k8s rendered (base + overlays/gke) and read into the typed Kubernetes model with unknown
 * fields rejected, then checked for what docs/deploy-k8s.md promises. No cluster is involved.
 */
class KubernetesManifestsTest {

    static final Path K8S = Apps.deployDir().resolve("k8s");
    static final Path OVERLAY = K8S.resolve("overlays/gke");
    static final Map<String, Apps.Module> COMPONENTS = Map.of("opendrive-api", Apps.api(),
            "opendrive-thumbnail-worker", Apps.thumbnailWorker(), "opendrive-search-indexer", Apps.searchIndexer());
    static final List<String> GOOGLE_FRONT_ENDS = List.of("130.211.0.0/22", "35.191.0.0/16");

    static List<ObjectNode> rendered;
    static List<Object> objects;

    @BeforeAll
    static void render() throws Exception {
        rendered = Kustomize.build(OVERLAY);
        objects = new ArrayList<>();
        for (JsonNode doc : rendered) {
            objects.add(StrictModel.parse(doc));
        }
    }

    @Test
    void every_rendered_document_is_a_known_type_with_no_unknown_field() {
        Map<String, Long> kinds = rendered.stream()
                .collect(Collectors.groupingBy(d -> d.path("kind").asText(), TreeMap::new, Collectors.counting()));
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(Map.entry("Namespace", 1L),
                Map.entry("ServiceAccount", 3L), Map.entry("ConfigMap", 1L), Map.entry("Deployment", 3L),
                Map.entry("Service", 1L), Map.entry("HorizontalPodAutoscaler", 1L),
                Map.entry("PodDisruptionBudget", 3L), Map.entry("Ingress", 1L), Map.entry("NetworkPolicy", 5L),
                Map.entry("ScaledObject", 2L), Map.entry("TriggerAuthentication", 1L),
                Map.entry("BackendConfig", 1L), Map.entry("ManagedCertificate", 1L)));
        for (JsonNode doc : rendered) {
            if (!doc.path("kind").asText().equals("Namespace")) {
                assertThat(doc.path("metadata").path("namespace").asText()).as("%s", doc.path("metadata"))
                        .isEqualTo("opendrive");
            }
        }
    }

    @Test
    void a_misspelt_field_fails_the_strict_model_where_a_plain_mapper_would_drop_it() throws Exception {
        ObjectNode deployment = document("Deployment", "opendrive-api").deepCopy();
        ObjectNode port = (ObjectNode) deployment.at("/spec/template/spec/containers/0/ports/0");
        port.set("containerport", port.remove("containerPort"));
        assertThatThrownBy(() -> StrictModel.parse(deployment)).isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("containerport");
        // what FAIL_ON_UNKNOWN_PROPERTIES alone gives with fabric8's any-setters: no error at all
        ObjectMapper plain = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Deployment lenient = plain.treeToValue(deployment, Deployment.class);
        assertThat(lenient.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
                .getContainerPort()).isNull();

        ObjectNode scaled = document("ScaledObject", "opendrive-thumbnail-worker").deepCopy();
        ((ObjectNode) scaled.get("spec")).set("minReplicaCnt", scaled.at("/spec/minReplicaCount"));
        assertThatThrownBy(() -> StrictModel.parse(scaled)).hasMessageContaining("minReplicaCnt");
        ObjectNode trigger = document("ScaledObject", "opendrive-thumbnail-worker").deepCopy();
        ((ObjectNode) trigger.at("/spec/triggers/0/metadata")).put("consumerGroupId", "x");
        ScaledObject parsed = (ScaledObject) StrictModel.parse(trigger);
        assertThatThrownBy(() -> parsed.spec().triggers().get(0).kafka()).hasMessageContaining("consumerGroupId");
    }

    @Test
    void the_renderer_here_agrees_with_kubectl_kustomize() {
        List<JsonNode> kubectl = Kustomize.kubectl(OVERLAY);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: the comparison needs it");
        assertThat(byKey(kubectl)).isEqualTo(byKey(rendered));
    }

    @Test
    void the_api_runs_three_replicas_spread_over_nodes_and_scales_on_cpu_70_and_memory_80_percent() {
        Deployment api = deployment("opendrive-api");
        assertThat(api.getSpec().getReplicas()).isEqualTo(3);
        Map<String, String> podLabels = api.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(selects(api.getSpec().getSelector(), podLabels)).isTrue();

        List<WeightedPodAffinityTerm> anti = api.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(anti).extracting(t -> t.getPodAffinityTerm().getTopologyKey()).contains("kubernetes.io/hostname");
        for (WeightedPodAffinityTerm term : anti) {
            assertThat(selectedDeployments(term.getPodAffinityTerm().getLabelSelector())).containsExactly("opendrive-api");
        }

        List<HorizontalPodAutoscaler> hpas = all(HorizontalPodAutoscaler.class);
        assertThat(hpas).hasSize(1);
        HorizontalPodAutoscaler hpa = hpas.get(0);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("opendrive-api");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(api.getSpec().getReplicas());
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        Map<String, Integer> targets = new HashMap<>();
        for (MetricSpec m : hpa.getSpec().getMetrics()) {
            assertThat(m.getType()).isEqualTo("Resource");
            assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
            targets.put(m.getResource().getName(), m.getResource().getTarget().getAverageUtilization());
        }
        assertThat(targets).containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 70, "memory", 80));
    }

    @Test
    void every_deployment_has_a_disruption_budget_for_exactly_its_pods() {
        Map<String, String> budgets = new TreeMap<>();
        for (PodDisruptionBudget pdb : all(PodDisruptionBudget.class)) {
            List<String> selected = selectedDeployments(pdb.getSpec().getSelector());
            assertThat(selected).as(pdb.getMetadata().getName()).hasSize(1);
            budgets.put(selected.get(0), pdb.getMetadata().getName());
            assertThat(pdb.getSpec().getMinAvailable() != null || pdb.getSpec().getMaxUnavailable() != null).isTrue();
        }
        assertThat(budgets.keySet()).isEqualTo(COMPONENTS.keySet());
        // the API keeps a majority of its minimum while a node drains
        PodDisruptionBudget api = one(PodDisruptionBudget.class, budgets.get("opendrive-api"));
        assertThat(api.getSpec().getMinAvailable().getIntVal()).isBetween(1, deployment("opendrive-api").getSpec().getReplicas() - 1);
    }

    @Test
    void probes_use_the_quarkus_health_endpoints_on_the_port_the_image_listens_on() {
        COMPONENTS.forEach((name, module) -> {
            assertThat(module.servesHealth()).as("%s depends on SmallRye Health", module.dir()).isTrue();
            Container c = container(name);
            int port = module.imagePort();
            assertThat(env(c).get("PORT")).as(name).isEqualTo(String.valueOf(port));
            assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(port);
            Map<String, HTTPGetAction> probes = new LinkedHashMap<>();
            probes.put("/q/health/started", c.getStartupProbe().getHttpGet());
            probes.put("/q/health/live", c.getLivenessProbe().getHttpGet());
            probes.put("/q/health/ready", c.getReadinessProbe().getHttpGet());
            probes.forEach((path, get) -> {
                assertThat(get.getPath()).as(name).isEqualTo(path);
                assertThat(resolvePort(c, get.getPort())).as("%s probe %s", name, path).isEqualTo(port);
            });
            // the startup probe gives a cold JVM up to two minutes, as on Cloud Run
            assertThat(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold())
                    .isGreaterThanOrEqualTo(120);
        });
    }

    @Test
    void memory_requests_equal_limits_and_hold_the_jvms_bounded_memory_below_the_hpa_target() {
        for (String name : COMPONENTS.keySet()) {
            Container c = container(name);
            Map<String, Quantity> requests = c.getResources().getRequests();
            assertThat(requests).as(name).containsKeys("cpu", "memory");
            assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")))
                    .as("%s memory limit = request", name).isEqualByComparingTo(Quantity.getAmountInBytes(requests.get("memory")));
        }
        // the API runs with api/jvm.options, the settings the monolith is measured with
        Container api = container("opendrive-api");
        List<String> javaOpts = List.of(env(api).get("JAVA_OPTS").trim().split("\\s+"));
        List<String> jvmOptions = Apps.read(Apps.repo().resolve("api/jvm.options")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(javaOpts).containsAll(jvmOptions);
        long bounded = size(javaOpts, "-Xmx") + size(javaOpts, "-XX:MaxMetaspaceSize=")
                + size(javaOpts, "-XX:ReservedCodeCacheSize=");
        BigDecimal memory = Quantity.getAmountInBytes(api.getResources().getRequests().get("memory"));
        assertThat(BigDecimal.valueOf(bounded)).as("heap + metaspace + code cache <= 80%% of the request")
                .isLessThanOrEqualTo(memory.multiply(BigDecimal.valueOf(0.8)));
        // the workers keep the image's JAVA_OPTS: a heap of MaxRAMPercentage of their limit
        for (String worker : List.of("opendrive-thumbnail-worker", "opendrive-search-indexer")) {
            assertThat(env(container(worker))).doesNotContainKey("JAVA_OPTS");
            String dockerfile = Apps.read(COMPONENTS.get(worker).dockerfile());
            Matcher pct = Pattern.compile("JAVA_OPTS=\"[^\"]*-XX:MaxRAMPercentage=(\\d+)").matcher(
                    dockerfile.substring(dockerfile.lastIndexOf(" AS runtime\n")));
            assertThat(pct.find()).isTrue();
            assertThat(Integer.parseInt(pct.group(1))).isLessThanOrEqualTo(75);
        }
    }

    @Test
    void secrets_are_referenced_from_kubectl_created_secrets_never_rendered_and_workers_never_see_the_jwt_key() throws Exception {
        assertThat(all(Secret.class)).as("apply -k must never overwrite the real secrets").isEmpty();
        Map<String, Set<String>> templates = new TreeMap<>();
        for (JsonNode doc : Kustomize.read(K8S.resolve("secrets/secrets.example.yaml"))) {
            Secret s = (Secret) StrictModel.parse(doc);
            assertThat(s.getMetadata().getNamespace()).isEqualTo("opendrive");
            templates.put(s.getMetadata().getName(), s.getStringData().keySet());
            s.getStringData().values().forEach(v -> assertThat(v).as("a placeholder, not a value").startsWith("<").endsWith(">"));
        }
        Set<String> referenced = new TreeSet<>();
        for (String name : COMPONENTS.keySet()) {
            for (EnvVar e : container(name).getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    var ref = e.getValueFrom().getSecretKeyRef();
                    assertThat(templates).as("%s: secret %s", name, ref.getName()).containsKey(ref.getName());
                    assertThat(templates.get(ref.getName())).as("%s: key %s", name, ref.getKey()).contains(ref.getKey());
                    assertThat(e.getName()).as("env name = secret key").isEqualTo(ref.getKey());
                    referenced.add(ref.getName() + "/" + ref.getKey());
                }
            }
            assertThat(container(name).getEnvFrom()).allSatisfy(f -> assertThat(f.getSecretRef()).isNull());
        }
        for (TriggerAuthentication auth : all(TriggerAuthentication.class)) {
            auth.spec().secretTargetRef().forEach(r -> {
                assertThat(templates.get(r.name())).as("KEDA secret %s", r.name()).contains(r.key());
                referenced.add(r.name() + "/" + r.key());
            });
        }
        Set<String> defined = new TreeSet<>();
        templates.forEach((n, keys) -> keys.forEach(k -> defined.add(n + "/" + k)));
        assertThat(referenced).isEqualTo(defined);
        assertThat(env(container("opendrive-api"))).containsKeys("JWT_SECRET", "MONGODB_URI", "KAFKA_API_KEY",
                "KAFKA_API_SECRET");
        for (String worker : List.of("opendrive-thumbnail-worker", "opendrive-search-indexer")) {
            assertThat(env(container(worker))).doesNotContainKey("JWT_SECRET").containsKeys("MONGODB_URI",
                    "KAFKA_API_KEY", "KAFKA_API_SECRET");
        }
    }

    @Test
    void each_component_has_its_own_service_account_without_api_token_bound_to_google_by_workload_identity() {
        Set<String> accounts = new TreeSet<>();
        for (String name : COMPONENTS.keySet()) {
            PodSpec pod = deployment(name).getSpec().getTemplate().getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            accounts.add(pod.getServiceAccountName());
            ServiceAccount sa = one(ServiceAccount.class, pod.getServiceAccountName());
            assertThat(sa.getAutomountServiceAccountToken()).isFalse();
            assertThat(sa.getMetadata().getAnnotations().get("iam.gke.io/gcp-service-account"))
                    .matches("[a-z][a-z0-9-]{4,28}[a-z0-9]@[A-Za-z0-9_-]+\\.iam\\.gserviceaccount\\.com");
        }
        assertThat(accounts).hasSize(3);
        assertThat(all(ServiceAccount.class)).hasSize(3);
        // no Role or binding: nothing here may call the Kubernetes API
        assertThat(rendered).noneMatch(d -> d.path("kind").asText().endsWith("Role")
                || d.path("kind").asText().endsWith("RoleBinding"));
        // Cloud Storage through the pods' identity, not a key file
        Map<String, String> config = one(ConfigMap.class, "opendrive-config").getData();
        assertThat(config).containsEntry("STORAGE_PROVIDER", "gcs").doesNotContainKey("GCS_KEYFILE");
    }

    @Test
    void network_policies_deny_by_default_and_open_exactly_the_paths_the_components_need() {
        Map<String, NetworkPolicy> policies = new TreeMap<>();
        all(NetworkPolicy.class).forEach(p -> policies.put(p.getMetadata().getName(), p));

        NetworkPolicy deny = policies.get("opendrive-default-deny");
        assertThat(selectedDeployments(deny.getSpec().getPodSelector())).containsExactlyInAnyOrderElementsOf(COMPONENTS.keySet());
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();

        // ingress: only to the API, only on its container port, only from Google's load balancers
        int apiPort = container("opendrive-api").getPorts().get(0).getContainerPort();
        for (NetworkPolicy p : policies.values()) {
            if (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()) {
                continue;
            }
            assertThat(selectedDeployments(p.getSpec().getPodSelector())).as(p.getMetadata().getName())
                    .containsExactly("opendrive-api");
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                assertThat(rule.getPorts()).extracting(r -> r.getPort().getIntVal()).containsExactly(apiPort);
                assertThat(rule.getFrom()).extracting(f -> f.getIpBlock().getCidr())
                        .containsExactlyInAnyOrderElementsOf(GOOGLE_FRONT_ENDS);
            }
        }
        assertThat(policies.get("opendrive-api-ingress").getSpec().getPolicyTypes()).containsExactly("Ingress");

        // egress of every component: DNS, the metadata server, and the managed services by port
        Map<String, Set<String>> egress = new TreeMap<>();
        for (NetworkPolicy p : policies.values()) {
            for (String d : selectedDeployments(p.getSpec().getPodSelector())) {
                for (NetworkPolicyEgressRule rule : Objects.requireNonNullElse(p.getSpec().getEgress(),
                        List.<NetworkPolicyEgressRule>of())) {
                    for (NetworkPolicyPeer to : rule.getTo()) {
                        for (NetworkPolicyPort port : rule.getPorts()) {
                            egress.computeIfAbsent(d, k -> new TreeSet<>()).add(peer(to) + " " + port.getProtocol()
                                    + "/" + port.getPort().getIntVal());
                        }
                    }
                }
            }
        }
        String kafkaPort = one(ConfigMap.class, "opendrive-config").getData().get("KAFKA_BOOTSTRAP_SERVERS")
                .replaceAll("^.*:", "");
        for (String d : COMPONENTS.keySet()) {
            assertThat(egress.get(d)).as(d).contains("kube-system/k8s-app=kube-dns UDP/53",
                    "kube-system/k8s-app=kube-dns TCP/53", "public TCP/443", "public TCP/27017",
                    "public TCP/" + kafkaPort, "169.254.169.254/32 TCP/80", "169.254.169.252/32 TCP/988");
        }
        NetworkPolicy managed = policies.get("opendrive-egress-managed-services");
        assertThat(managed.getSpec().getEgress().get(0).getTo().get(0).getIpBlock().getExcept())
                .containsExactlyInAnyOrder("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    }

    @Test
    void keda_scales_each_worker_to_zero_on_the_lag_of_the_consumer_group_the_worker_really_uses() {
        Map<String, String> config = one(ConfigMap.class, "opendrive-config").getData();
        Map<String, String> cloudRun = envFile(Apps.repo().resolve("cloudrun/defaults.env"));
        Map<String, String> lagVariable = Map.of("opendrive-thumbnail-worker", "THUMBNAIL_LAG_THRESHOLD",
                "opendrive-search-indexer", "SEARCH_LAG_THRESHOLD");
        String client = Apps.read(Apps.repo().resolve(
                "common/platform/src/main/java/dev/opendrive/platform/kafka/KafkaClientProperties.java"));
        assertThat(client).contains("\"security.protocol\", \"SASL_SSL\"").contains("\"sasl.mechanism\", \"PLAIN\"");
        Map<String, TriggerAuthentication> auths = new HashMap<>();
        all(TriggerAuthentication.class).forEach(a -> auths.put(a.metadata().getName(), a));

        List<ScaledObject> scaled = all(ScaledObject.class);
        assertThat(scaled).extracting(s -> s.spec().scaleTargetRef().name())
                .containsExactlyInAnyOrder("opendrive-thumbnail-worker", "opendrive-search-indexer");
        for (ScaledObject so : scaled) {
            String target = so.spec().scaleTargetRef().name();
            Deployment worker = deployment(target);
            assertThat(worker.getSpec().getReplicas()).as("%s: KEDA owns the replica count", target).isNull();
            assertThat(so.spec().minReplicaCount()).isZero();
            assertThat(so.spec().maxReplicaCount()).isPositive();
            assertThat(so.spec().triggers()).hasSize(1);
            ScaleTrigger trigger = so.spec().triggers().get(0);
            assertThat(trigger.type()).isEqualTo("kafka");
            KafkaTriggerMetadata kafka = trigger.kafka();
            Apps.Module module = Apps.byImage(container(target).getImage());
            assertThat(module).isEqualTo(COMPONENTS.get(target));
            assertThat(kafka.consumerGroup()).as(target).isNotNull().isEqualTo(module.consumerGroup());
            assertThat(kafka.topic()).isEqualTo(config.get("KAFKA_TOPIC"));
            assertThat(kafka.bootstrapServers()).isEqualTo(config.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertThat(kafka.lagThreshold()).isEqualTo(cloudRun.get(lagVariable.get(target)));
            assertThat(kafka.activationLagThreshold()).isEqualTo("0");
            assertThat(kafka.offsetResetPolicy()).isEqualTo(
                    Apps.read(Apps.repo().resolve("workers/kafka/src/main/resources/META-INF/microprofile-config.properties"))
                            .lines().filter(l -> l.startsWith("mp.messaging.incoming.file-events.auto.offset.reset="))
                            .findFirst().orElseThrow().replaceAll("^.*=", ""));
            // SASL_SSL with PLAIN, as the apps' client when KAFKA_API_KEY/KAFKA_API_SECRET are set
            assertThat(kafka.sasl()).isEqualTo("plaintext");
            assertThat(kafka.tls()).isEqualTo("enable");
            TriggerAuthentication auth = auths.get(trigger.authenticationRef().name());
            assertThat(auth).as("TriggerAuthentication %s", trigger.authenticationRef().name()).isNotNull();
            Map<String, String> params = new HashMap<>();
            auth.spec().secretTargetRef().forEach(r -> params.put(r.parameter(), r.name() + "/" + r.key()));
            Map<String, String> workerSecrets = new HashMap<>();
            container(target).getEnv().stream().filter(e -> e.getValueFrom() != null)
                    .forEach(e -> workerSecrets.put(e.getName(), e.getValueFrom().getSecretKeyRef().getName() + "/"
                            + e.getValueFrom().getSecretKeyRef().getKey()));
            assertThat(params).containsEntry("username", workerSecrets.get("KAFKA_API_KEY"))
                    .containsEntry("password", workerSecrets.get("KAFKA_API_SECRET"));
        }
        // the HPA is the API's; KEDA makes the workers' own
        assertThat(all(HorizontalPodAutoscaler.class)).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactly("opendrive-api");
    }

    @Test
    void every_environment_variable_given_to_a_container_is_one_the_apps_read() {
        Set<String> read = Apps.environmentVariables();
        for (String name : COMPONENTS.keySet()) {
            Container c = container(name);
            Set<String> given = new TreeSet<>(env(c).keySet());
            c.getEnvFrom().forEach(f -> given.addAll(one(ConfigMap.class, f.getConfigMapRef().getName()).getData().keySet()));
            assertThat(given).as(name).isSubsetOf(read);
            assertThat(given).contains("DEPLOYMENT_MODE", "MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS");
        }
        assertThat(one(ConfigMap.class, "opendrive-config").getData()).containsEntry("DEPLOYMENT_MODE", "microservices")
                .containsEntry("KAFKA_ENABLED", "true");
    }

    @Test
    void the_ingress_reaches_the_api_pods_through_the_service_with_gke_load_balancer_settings() {
        Ingress ingress = one(Ingress.class, "opendrive");
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("kubernetes.io/ingress.class", "gce");
        ManagedCertificate cert = one(ManagedCertificate.class, annotations.get("networking.gke.io/managed-certificates"));
        Set<String> hosts = new TreeSet<>();
        ingress.getSpec().getRules().forEach(r -> hosts.add(r.getHost()));
        assertThat(new TreeSet<>(cert.spec().domains())).isEqualTo(hosts);

        Container api = container("opendrive-api");
        Map<String, String> apiLabels = deployment("opendrive-api").getSpec().getTemplate().getMetadata().getLabels();
        for (var rule : ingress.getSpec().getRules()) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                Service service = one(Service.class, path.getBackend().getService().getName());
                assertThat(selectedDeployments(new LabelSelector(null, service.getSpec().getSelector())))
                        .containsExactly("opendrive-api");
                var port = service.getSpec().getPorts().stream()
                        .filter(p -> p.getName().equals(path.getBackend().getService().getPort().getName()))
                        .findFirst().orElseThrow();
                assertThat(resolvePort(api, port.getTargetPort())).isEqualTo(api.getPorts().get(0).getContainerPort());
                assertThat(apiLabels).containsAllEntriesOf(service.getSpec().getSelector());

                String backendConfig = service.getMetadata().getAnnotations().get("cloud.google.com/backend-config");
                JsonNode ref = readJson(backendConfig);
                BackendConfig bc = one(BackendConfig.class, ref.path("default").asText());
                assertThat(bc.spec().healthCheck().requestPath()).isEqualTo(api.getReadinessProbe().getHttpGet().getPath());
                assertThat(bc.spec().healthCheck().port()).isEqualTo(api.getPorts().get(0).getContainerPort());
                // uploads may take as long as Cloud Run allows the API (its request timeout)
                Matcher timeout = Pattern.compile("timeoutSeconds: (\\d+)")
                        .matcher(Apps.read(Apps.repo().resolve("cloudrun/api-service.yaml")));
                assertThat(timeout.find()).isTrue();
                assertThat(bc.spec().timeoutSec()).isEqualTo(Integer.parseInt(timeout.group(1)));
                assertThat(readJson(service.getMetadata().getAnnotations().get("cloud.google.com/neg"))
                        .path("ingress").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void pods_run_as_the_images_unprivileged_user_on_a_read_only_root_with_tmp_for_scratch() {
        String dataDir = one(ConfigMap.class, "opendrive-config").getData().get("DATA_DIR");
        for (var e : COMPONENTS.entrySet()) {
            PodSpec pod = deployment(e.getKey()).getSpec().getTemplate().getSpec();
            Matcher user = Pattern.compile("(?m)^USER (\\d+)$").matcher(Apps.read(e.getValue().dockerfile()));
            assertThat(user.find()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            Container c = container(e.getKey());
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            var tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
            assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals(tmp.getName()) && v.getEmptyDir() != null);
            assertThat(dataDir).startsWith("/tmp/");
        }
    }

    @Test
    void the_gke_overlay_points_each_deployment_at_its_own_image_in_artifact_registry() {
        COMPONENTS.forEach((name, module) -> {
            String image = container(name).getImage();
            assertThat(image).matches("[A-Za-z0-9-]+-docker\\.pkg\\.dev/[A-Za-z0-9_-]+/opendrive/" + module.image() + ":[\\w.-]+")
                    .startsWith("REGION-docker.pkg.dev/PROJECT_ID/");
            assertThat(Apps.byImage(image)).isEqualTo(module);
        });
    }

    @Test
    void the_guide_gives_the_commands_for_what_is_not_in_the_manifests() {
        String guide = Apps.read(Apps.repo().resolve("docs/deploy-k8s.md"));
        assertThat(guide).contains("kubectl apply -k deploy/k8s/overlays/", "kubectl kustomize",
                "roles/iam.workloadIdentityUser", "helm install keda", "--build-arg EMBEDDED_DB=false");
        for (String secret : List.of("opendrive-jwt", "opendrive-mongodb", "opendrive-kafka")) {
            assertThat(guide).contains("create secret generic " + secret);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static ObjectNode document(String kind, String name) {
        return rendered.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, JsonNode> byKey(List<? extends JsonNode> docs) {
        Map<String, JsonNode> map = new TreeMap<>();
        docs.forEach(d -> map.put(d.path("apiVersion").asText() + "/" + d.path("kind").asText() + "/"
                + d.path("metadata").path("namespace").asText() + "/" + d.path("metadata").path("name").asText(), d));
        return map;
    }

    static <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(nameOf(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static String nameOf(Object o) {
        if (o instanceof io.fabric8.kubernetes.api.model.HasMetadata h) {
            return h.getMetadata().getName();
        }
        if (o instanceof ScaledObject s) {
            return s.metadata().getName();
        }
        if (o instanceof TriggerAuthentication t) {
            return t.metadata().getName();
        }
        if (o instanceof BackendConfig b) {
            return b.metadata().getName();
        }
        if (o instanceof ManagedCertificate m) {
            return m.metadata().getName();
        }
        return null;
    }

    static Deployment deployment(String name) {
        return one(Deployment.class, name);
    }

    static Container container(String deployment) {
        List<Container> containers = deployment(deployment).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    /** Deployments whose pod template labels the selector selects. */
    static List<String> selectedDeployments(LabelSelector selector) {
        return all(Deployment.class).stream()
                .filter(d -> selects(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                .map(d -> d.getMetadata().getName()).sorted().toList();
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String v = labels.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> v != null && r.getValues().contains(v);
                    case "NotIn" -> v == null || !r.getValues().contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> throw new IllegalArgumentException(r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static int resolvePort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private static String peer(NetworkPolicyPeer to) {
        if (to.getIpBlock() != null) {
            return to.getIpBlock().getCidr().equals("0.0.0.0/0") ? "public" : to.getIpBlock().getCidr();
        }
        String ns = to.getNamespaceSelector() == null ? "" : to.getNamespaceSelector().getMatchLabels()
                .getOrDefault("kubernetes.io/metadata.name", "?");
        String pods = to.getPodSelector() == null ? "" : to.getPodSelector().getMatchLabels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return ns + "/" + pods;
    }

    private static long size(List<String> opts, String prefix) {
        String v = opts.stream().filter(o -> o.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + opts)).substring(prefix.length());
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (Character.toLowerCase(v.charAt(v.length() - 1))) {
            case 'k' -> n << 10;
            case 'm' -> n << 20;
            case 'g' -> n << 30;
            default -> throw new IllegalArgumentException(v);
        };
    }

    private static Map<String, String> envFile(Path file) {
        Map<String, String> env = new HashMap<>();
        Apps.read(file).lines().filter(l -> l.matches("[A-Z_][A-Z0-9_]*=.*")).forEach(l -> env.put(
                l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1).replaceAll("^\"|\"$", "")));
        return env;
    }

    private static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
