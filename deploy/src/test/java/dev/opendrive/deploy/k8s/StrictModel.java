package dev.opendrive.deploy.k8s;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The rendered manifests as typed objects, with every field the types do not know REJECTED: a
 * misspelt key (containerport, minReplicaCnt) fails here instead of being dropped by the API server
 * or, for custom resources, silently ignored.
 * <p>
 * fabric8's model classes catch unknown fields in an {@code @JsonAnySetter} map
 * (additionalProperties), which would defeat FAIL_ON_UNKNOWN_PROPERTIES; the introspector below stops
 * Jackson from seeing those any-setters. The custom resources fabric8 has no model for (KEDA, GKE's
 * BackendConfig and ManagedCertificate) are records of the fields their CRDs define that this
 * deployment may use; any other field is rejected the same way.
 */
final class StrictModel {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                private static final long serialVersionUID = 1L;

                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return null;
                }
            })
            .build();

    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", TriggerAuthentication.class),
            Map.entry("cloud.google.com/v1/BackendConfig", BackendConfig.class),
            Map.entry("networking.gke.io/v1/ManagedCertificate", ManagedCertificate.class));

    private StrictModel() {
    }

    /** The document as its type; throws on an unknown apiVersion/kind or an unknown field. */
    static Object parse(JsonNode doc) throws JsonProcessingException {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<?> type = TYPES.get(key);
        if (type == null) {
            throw new IllegalArgumentException("no typed model for " + key + " (" + doc.path("metadata").path("name") + ")");
        }
        return MAPPER.treeToValue(doc, type);
    }

    // --- KEDA 2.x (keda.sh/v1alpha1), fields as in KEDA's CRDs -------------------------------------

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
    }

    /** advanced and fallback are left out on purpose: this deployment uses neither. */
    record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
            Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount,
            Integer maxReplicaCount, List<ScaleTrigger> triggers) {
    }

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {
    }

    /** metadata stays a map here (KEDA's is map[string]string); kafka's keys: {@link KafkaTriggerMetadata}. */
    record ScaleTrigger(String type, String name, String metricType, Boolean useCachedMetrics,
            Map<String, String> metadata, AuthenticationRef authenticationRef) {

        KafkaTriggerMetadata kafka() {
            return MAPPER.convertValue(metadata, KafkaTriggerMetadata.class);
        }
    }

    /** The kafka scaler's parameters (keda.sh/docs/2.15/scalers/apache-kafka). */
    record KafkaTriggerMetadata(String bootstrapServers, String consumerGroup, String topic, String lagThreshold,
            String activationLagThreshold, String offsetResetPolicy, String allowIdleConsumers,
            String scaleToZeroOnInvalidOffset, String excludePersistentLag, String limitToPartitionsWithLag,
            String ensureEvenDistributionOfPartitions, String version, String partitionLimitation, String sasl,
            String tls, String unsafeSsl) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {
    }

    /** Only secretTargetRef: credentials come from Kubernetes Secrets here, nothing else. */
    record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef) {
    }

    record SecretTargetRef(String parameter, String name, String key) {
    }

    // --- GKE (cloud.google.com/v1 BackendConfig, networking.gke.io/v1 ManagedCertificate) -----------

    record BackendConfig(String apiVersion, String kind, ObjectMeta metadata, BackendConfigSpec spec) {
    }

    record BackendConfigSpec(Integer timeoutSec, ConnectionDraining connectionDraining, HealthCheck healthCheck) {
    }

    record ConnectionDraining(Integer drainingTimeoutSec) {
    }

    record HealthCheck(Integer checkIntervalSec, Integer timeoutSec, Integer healthyThreshold,
            Integer unhealthyThreshold, String type, String requestPath, Integer port) {
    }

    record ManagedCertificate(String apiVersion, String kind, ObjectMeta metadata, ManagedCertificateSpec spec) {
    }

    record ManagedCertificateSpec(List<String> domains) {
    }
}
