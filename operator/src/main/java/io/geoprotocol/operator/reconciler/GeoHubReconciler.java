package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubCondition;
import io.geoprotocol.operator.crd.GeoHubStatus;
import io.geoprotocol.operator.crd.GeoHubStatusAggregator;
import io.geoprotocol.operator.crd.IngressSpec;
import io.geoprotocol.operator.crd.PodDisruptionBudgetSpec;
import io.geoprotocol.operator.dependent.AuthSecret;
import io.geoprotocol.operator.dependent.HubConfigMap;
import io.geoprotocol.operator.dependent.HubIngress;
import io.geoprotocol.operator.dependent.HubPod;
import io.geoprotocol.operator.dependent.HubPodDisruptionBudget;
import io.geoprotocol.operator.dependent.HubResources;
import io.geoprotocol.operator.dependent.HubService;
import io.geoprotocol.operator.reconciler.SpecProblems.Area;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one GeoHub into a migrated, running, exposed, backed-up and monitored hub. */
@ControllerConfiguration(
        name = GeoHubReconciler.NAME,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class GeoHubReconciler implements Reconciler<GeoHub> {

    public static final String NAME = "geohub";
    /** While not ready, look again this often: pod-level problems (image pulls) raise no owned-object event. */
    static final Duration NOT_READY_RECHECK = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(GeoHubReconciler.class);

    private final Clock clock;
    private final SecureRandom random;

    public GeoHubReconciler(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    @Override
    public UpdateControl<GeoHub> reconcile(GeoHub hub, Context<GeoHub> context) {
        KubernetesClient client = context.getClient();
        ResourceApplier applier = new ResourceApplier(client);
        var status = new GeoHubStatusAggregator(hub.getStatus(), hub.getMetadata().getGeneration(), clock);

        // 1. A spec the schema let through but that cannot work is reported, never retried into a crash loop.
        SpecProblems problems = SpecProblems.of(hub);
        problems.reportTo(status);
        if (problems.blocks(Area.HUB)) {
            status.ready(false, "InvalidSpec", "The spec cannot be applied; see the Degraded condition.");
            return finish(hub, status, client);
        }

        // 2. Settings and secrets, whose checksums go on the pod template.
        ConfigMap config = applier.apply(HubConfigMap.desired(hub));
        if (AuthSecret.needed(hub)) {
            applier.createIfAbsent(AuthSecret.desired(hub, random));
        }
        String namespace = hub.getMetadata().getNamespace();
        SecretValues secrets = SecretValues.read(client, namespace, HubPod.secretKeys(hub));
        secrets.reportTo(status, namespace);

        // 3. How clients reach the hub.
        applier.apply(HubService.desired(hub));
        reconcileIngress(hub, problems, applier, status);
        reconcileDisruptionBudget(hub, problems, applier);

        // 4. Migrate, then roll out.
        Rollout rollout = new Rollout(client, applier);
        boolean migrated = rollout.migrate(hub, status);
        Deployment deployment = rollout.rollOut(hub, migrated, HubConfigMap.checksum(config), secrets.checksum());
        rollout.observe(hub, deployment, migrated, status);

        // 5. Optional extras, each failing on its own.
        new Backups(applier).reconcile(hub, !problems.blocks(Area.BACKUP), status);
        new Monitoring(client, applier).reconcile(hub, status);

        return finish(hub, status, client);
    }

    /** API errors end here: Degraded says what failed, other conditions stay, and JOSDK retries with backoff. */
    @Override
    public ErrorStatusUpdateControl<GeoHub> updateErrorStatus(GeoHub hub, Context<GeoHub> context, Exception e) {
        LOG.warn("Reconcile failed, will retry: {}", e.getMessage());
        GeoHubStatus previous = Objects.requireNonNullElseGet(hub.getStatus(), GeoHubStatus::new);
        var status = GeoHubStatusAggregator.keepingConditions(previous, hub.getMetadata().getGeneration(), clock);
        status.problem("ReconcileFailed", "The operator could not finish: " + e.getMessage()
                + " It retries on its own; check its RBAC and the API server if this persists.");
        GeoHubStatus next = status.build();
        if (next.equals(hub.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        hub.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(hub);
    }

    @Override
    public List<EventSource<?, GeoHub>> prepareEventSources(EventSourceContext<GeoHub> context) {
        return List.of(
                owned(Deployment.class, context),
                owned(Job.class, context),
                owned(CronJob.class, context),
                owned(ConfigMap.class, context),
                owned(Service.class, context),
                owned(PodDisruptionBudget.class, context),
                owned(Ingress.class, context),
                referencedSecrets(context));
    }

    private UpdateControl<GeoHub> finish(GeoHub hub, GeoHubStatusAggregator status, KubernetesClient client) {
        GeoHubStatus next = status.build();
        boolean ready = next.condition(GeoHubCondition.READY).map(GeoHubCondition::statusTrue).orElse(false);
        UpdateControl<GeoHub> control;
        if (next.equals(hub.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            new ConditionEvents(client, clock).record(hub, hub.getStatus(), next);
            hub.setStatus(next);
            control = UpdateControl.patchStatus(hub);
        }
        return ready ? control : control.rescheduleAfter(NOT_READY_RECHECK);
    }

    private static void reconcileIngress(GeoHub hub, SpecProblems problems, ResourceApplier applier,
            GeoHubStatusAggregator status) {
        IngressSpec ingress = hub.getSpec().getIngress();
        boolean wanted = ingress != null && ingress.active() && !problems.blocks(Area.INGRESS);
        if (wanted) {
            applier.apply(HubIngress.desired(hub));
        } else {
            applier.deleteIfPresent(Ingress.class, hub.getMetadata().getNamespace(), HubResources.hubName(hub));
        }
        status.endpoints(new GeoHubStatus.Endpoints(HubService.url(hub), wanted ? HubIngress.url(hub) : null));
    }

    private static void reconcileDisruptionBudget(GeoHub hub, SpecProblems problems, ResourceApplier applier) {
        PodDisruptionBudgetSpec pdb = hub.getSpec().getPodDisruptionBudget();
        if ((pdb == null || pdb.active()) && !problems.blocks(Area.DISRUPTION_BUDGET)) {
            applier.apply(HubPodDisruptionBudget.desired(hub));
        } else {
            applier.deleteIfPresent(PodDisruptionBudget.class, hub.getMetadata().getNamespace(),
                    HubResources.hubName(hub));
        }
    }

    /** Objects this operator created: watched by label, mapped back through the owner reference. */
    private static <R extends HasMetadata> EventSource<R, GeoHub> owned(Class<R> type,
            EventSourceContext<GeoHub> context) {
        var configuration = InformerEventSourceConfiguration.from(type, GeoHub.class)
                .withName(type.getSimpleName())
                .withLabelSelector(HubResources.managedBySelector())
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(GeoHub.class))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /**
     * Secrets the user owns (database credentials, auth values, backup credentials) carry none of
     * our labels, so every Secret in the watched namespaces is watched and mapped to the GeoHubs
     * that name it. A changed value then rolls the pods through the checksum annotation.
     */
    private static EventSource<Secret, GeoHub> referencedSecrets(EventSourceContext<GeoHub> context) {
        var configuration = InformerEventSourceConfiguration.from(Secret.class, GeoHub.class)
                .withName("Secret")
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .list(secret.getMetadata().getNamespace())
                        .filter(hub -> secretNames(hub).contains(secret.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    static Set<String> secretNames(GeoHub hub) {
        Set<String> names = new HashSet<>();
        HubPod.secretKeys(hub).forEach(ref -> names.add(ref.getName()));
        BackupSpec backup = hub.getSpec().getBackup();
        if (backup != null && backup.getTarget() != null && backup.getTarget().getS3() != null) {
            Stream.ofNullable(backup.getTarget().getS3().getCredentialsSecret()).forEach(names::add);
        }
        return names;
    }
}
