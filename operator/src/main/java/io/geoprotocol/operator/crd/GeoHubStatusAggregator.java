package io.geoprotocol.operator.crd;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Collects what one reconcile learned and turns it into a {@link GeoHubStatus}.
 *
 * <p>Conditions keep their lastTransitionTime while their status (True/False/Unknown) does not
 * change, so `kubectl get` shows how long the hub has been in its state. Fields nobody reported
 * this time carry over from the previous status, so a reconcile that stopped early (for example
 * on an invalid spec) does not erase the migrated version or the last backup.
 */
public final class GeoHubStatusAggregator {

    private static final List<String> ORDER = List.of(
            GeoHubCondition.READY,
            GeoHubCondition.MIGRATED,
            GeoHubCondition.PROGRESSING,
            GeoHubCondition.DEGRADED,
            GeoHubCondition.MONITORING);

    private final GeoHubStatus previous;
    private final long generation;
    private final Clock clock;
    private final Map<String, GeoHubCondition> conditions = new LinkedHashMap<>();
    private final List<GeoHubCondition> problems = new ArrayList<>();
    private final GeoHubStatus next = new GeoHubStatus();

    public GeoHubStatusAggregator(GeoHubStatus previous, Long generation, Clock clock) {
        this.previous = previous == null ? new GeoHubStatus() : previous;
        this.generation = generation == null ? 0L : generation;
        this.clock = clock;
        next.setReadyReplicas(this.previous.getReadyReplicas());
        next.setMigratedVersion(this.previous.getMigratedVersion());
        next.setLastBackup(this.previous.getLastBackup());
        next.setEndpoints(this.previous.getEndpoints());
    }

    /**
     * An aggregator that starts from the previous conditions, for when a reconcile failed before
     * it could observe anything: only what is reported now replaces them.
     */
    public static GeoHubStatusAggregator keepingConditions(GeoHubStatus previous, Long generation, Clock clock) {
        GeoHubStatusAggregator aggregator = new GeoHubStatusAggregator(previous, generation, clock);
        for (GeoHubCondition old : aggregator.previous.getConditions()) {
            if (!GeoHubCondition.DEGRADED.equals(old.getType())) {
                aggregator.conditions.put(old.getType(),
                        new GeoHubCondition(old.getType(), old.getStatus(), old.getReason(), old.getMessage()));
            }
        }
        return aggregator;
    }

    public GeoHubStatusAggregator ready(boolean ready, String reason, String message) {
        return set(GeoHubCondition.READY, ready, reason, message);
    }

    public GeoHubStatusAggregator migrated(boolean migrated, String reason, String message) {
        return set(GeoHubCondition.MIGRATED, migrated, reason, message);
    }

    public GeoHubStatusAggregator progressing(boolean progressing, String reason, String message) {
        return set(GeoHubCondition.PROGRESSING, progressing, reason, message);
    }

    public GeoHubStatusAggregator monitoring(boolean available, String reason, String message) {
        return set(GeoHubCondition.MONITORING, available, reason, message);
    }

    /** Records something a person has to fix; any problem makes Degraded True. */
    public GeoHubStatusAggregator problem(String reason, String message) {
        problems.add(new GeoHubCondition(GeoHubCondition.DEGRADED, GeoHubCondition.TRUE, reason, message));
        return this;
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public GeoHubStatusAggregator readyReplicas(Integer readyReplicas) {
        next.setReadyReplicas(readyReplicas);
        return this;
    }

    public GeoHubStatusAggregator migratedVersion(String version) {
        next.setMigratedVersion(version);
        return this;
    }

    public GeoHubStatusAggregator lastBackup(GeoHubStatus.LastBackup lastBackup) {
        next.setLastBackup(lastBackup);
        return this;
    }

    public GeoHubStatusAggregator endpoints(GeoHubStatus.Endpoints endpoints) {
        next.setEndpoints(endpoints);
        return this;
    }

    /** The previous status' migrated version, which the rollout gate compares against. */
    public Optional<String> previousMigratedVersion() {
        return Optional.ofNullable(previous.getMigratedVersion());
    }

    public GeoHubStatus build() {
        conditions.put(GeoHubCondition.DEGRADED, degraded());
        conditions.putIfAbsent(GeoHubCondition.READY, unknown(GeoHubCondition.READY));
        conditions.putIfAbsent(GeoHubCondition.MIGRATED, unknown(GeoHubCondition.MIGRATED));
        conditions.putIfAbsent(GeoHubCondition.PROGRESSING, unknown(GeoHubCondition.PROGRESSING));

        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        for (String type : ORDER) {
            GeoHubCondition condition = conditions.get(type);
            if (condition == null) {
                continue;
            }

            // Kubernetes convention: the transition time moves only when the status flips.
            String since = previous.condition(type)
                    .filter(old -> old.getStatus().equals(condition.getStatus()))
                    .map(GeoHubCondition::getLastTransitionTime)
                    .orElse(now);
            condition.setLastTransitionTime(since);
            condition.setObservedGeneration(generation);
            next.getConditions().add(condition);
        }
        next.setObservedGeneration(generation);
        return next;
    }

    private GeoHubCondition degraded() {
        if (problems.isEmpty()) {
            return new GeoHubCondition(GeoHubCondition.DEGRADED, GeoHubCondition.FALSE, "AsExpected",
                    "No problems found.");
        }
        String message = problems.stream().map(GeoHubCondition::getMessage).collect(Collectors.joining(" "));
        return new GeoHubCondition(GeoHubCondition.DEGRADED, GeoHubCondition.TRUE, problems.get(0).getReason(),
                message);
    }

    private GeoHubStatusAggregator set(String type, boolean value, String reason, String message) {
        String status = value ? GeoHubCondition.TRUE : GeoHubCondition.FALSE;
        conditions.put(type, new GeoHubCondition(type, status, reason, message));
        return this;
    }

    private static GeoHubCondition unknown(String type) {
        return new GeoHubCondition(type, GeoHubCondition.UNKNOWN, "NotYetObserved",
                "The operator has not been able to determine this yet.");
    }
}
