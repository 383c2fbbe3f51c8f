package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubCondition;
import io.geoprotocol.operator.crd.GeoHubStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns condition transitions into Kubernetes Events, so `kubectl describe geohub` tells the story. */
final class ConditionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ConditionEvents.class);

    private final KubernetesClient client;
    private final Clock clock;

    ConditionEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void record(GeoHub hub, GeoHubStatus before, GeoHubStatus after) {
        for (GeoHubCondition condition : after.getConditions()) {
            GeoHubCondition old = before == null ? null : before.condition(condition.getType()).orElse(null);
            boolean changed = old == null
                    || !old.getStatus().equals(condition.getStatus())
                    || !old.getReason().equals(condition.getReason());
            if (changed && !GeoHubCondition.UNKNOWN.equals(condition.getStatus())) {
                LOG.info("{} is now {} ({})", condition.getType(), condition.getStatus(), condition.getReason());
                emit(hub, condition);
            }
        }
    }

    private void emit(GeoHub hub, GeoHubCondition condition) {
        boolean bad = (GeoHubCondition.DEGRADED.equals(condition.getType()) && condition.statusTrue())
                || "MigrationFailed".equals(condition.getReason());
        String now = Instant.now(clock).toString();
        var event = new EventBuilder()
                .withNewMetadata()
                    .withName(hub.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8)
                            .toLowerCase(Locale.ROOT))
                    .withNamespace(hub.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(hub.getApiVersion())
                        .withKind(hub.getKind())
                        .withName(hub.getMetadata().getName())
                        .withNamespace(hub.getMetadata().getNamespace())
                        .withUid(hub.getMetadata().getUid())
                        .build())
                .withType(bad ? "Warning" : "Normal")
                .withReason(condition.getReason())
                .withMessage(condition.getType() + "=" + condition.getStatus() + ": " + condition.getMessage())
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent("geo-hub-operator").endSource()
                .build();
        try {
            client.v1().events().inNamespace(hub.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            // Events are a convenience; status already carries the same facts.
            LOG.warn("Could not record event {}: {}", condition.getReason(), e.getMessage());
        }
    }
}
