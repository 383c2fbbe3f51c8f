package io.geoprotocol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GeoHubStatusAggregatorTest {

    private static final Clock T1 = Clock.fixed(Instant.parse("2025-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final Clock T2 = Clock.fixed(Instant.parse("2025-11-29T13:30:00Z"), ZoneOffset.UTC);

    @Test
    void transitionTimeStaysWhileStatusIsUnchangedEvenIfMessageChanges() {
        GeoHubStatus first = new GeoHubStatusAggregator(null, 1L, T1)
                .ready(false, "RollingOut", "0/2 hub pods ready.")
                .build();

        GeoHubStatus second = new GeoHubStatusAggregator(first, 1L, T2)
                .ready(false, "RollingOut", "1/2 hub pods ready.")
                .build();

        GeoHubCondition ready = second.condition(GeoHubCondition.READY).orElseThrow();
        assertThat(ready.getMessage()).isEqualTo("1/2 hub pods ready.");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2025-11-29T12:00:00Z");
    }

    @Test
    void transitionTimeMovesWhenStatusFlips() {
        GeoHubStatus first = new GeoHubStatusAggregator(null, 1L, T1).ready(false, "RollingOut", "m").build();

        GeoHubStatus second = new GeoHubStatusAggregator(first, 1L, T2).ready(true, "AllReplicasReady", "m").build();

        assertThat(second.condition(GeoHubCondition.READY).orElseThrow().getLastTransitionTime())
                .isEqualTo("2025-11-29T13:30:00Z");
    }

    @Test
    void sameObservationsBuildAnEqualStatusSoNoPatchIsSent() {
        GeoHubStatus first = new GeoHubStatusAggregator(null, 3L, T1)
                .ready(true, "AllReplicasReady", "2/2")
                .migrated(true, "MigrationSucceeded", "ok")
                .migratedVersion("0.1.0")
                .build();

        GeoHubStatus again = new GeoHubStatusAggregator(first, 3L, T2)
                .ready(true, "AllReplicasReady", "2/2")
                .migrated(true, "MigrationSucceeded", "ok")
                .build();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void problemsMakeDegradedTrueWithTheFirstReasonAndEveryMessage() {
        GeoHubStatus status = new GeoHubStatusAggregator(null, 2L, T1)
                .problem("SecretMissing", "Missing Secret db.")
                .problem("BackupTargetMissing", "No PVC.")
                .build();

        GeoHubCondition degraded = status.condition(GeoHubCondition.DEGRADED).orElseThrow();
        assertThat(degraded.getStatus()).isEqualTo("True");
        assertThat(degraded.getReason()).isEqualTo("SecretMissing");
        assertThat(degraded.getMessage()).contains("Missing Secret db.").contains("No PVC.");
        assertThat(degraded.getObservedGeneration()).isEqualTo(2L);
        assertThat(status.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void withoutProblemsDegradedIsFalseAndUnreportedConditionsAreUnknown() {
        GeoHubStatus status = new GeoHubStatusAggregator(null, 1L, T1).build();

        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(status.condition(GeoHubCondition.READY).orElseThrow().getStatus()).isEqualTo("Unknown");
        assertThat(status.condition(GeoHubCondition.MONITORING)).isEmpty();
        assertThat(status.getConditions()).extracting(GeoHubCondition::getType)
                .containsExactly("Ready", "Migrated", "Progressing", "Degraded");
    }

    @Test
    void unreportedFieldsCarryOverFromThePreviousStatus() {
        GeoHubStatus first = new GeoHubStatusAggregator(null, 1L, T1)
                .migratedVersion("0.1.0")
                .readyReplicas(2)
                .lastBackup(new GeoHubStatus.LastBackup("2025-11-29T03:00:10Z", "Succeeded"))
                .build();

        GeoHubStatus second = new GeoHubStatusAggregator(first, 2L, T2).problem("InvalidDatabase", "x").build();

        assertThat(second.getMigratedVersion()).isEqualTo("0.1.0");
        assertThat(second.getReadyReplicas()).isEqualTo(2);
        assertThat(second.getLastBackup().getResult()).isEqualTo("Succeeded");
    }

    @Test
    void keepingConditionsReplacesOnlyDegraded() {
        GeoHubStatus first = new GeoHubStatusAggregator(null, 1L, T1).ready(true, "AllReplicasReady", "2/2").build();

        GeoHubStatus failed = GeoHubStatusAggregator.keepingConditions(first, 1L, T2)
                .problem("ReconcileFailed", "API down")
                .build();

        assertThat(failed.condition(GeoHubCondition.READY).orElseThrow().getReason()).isEqualTo("AllReplicasReady");
        assertThat(failed.condition(GeoHubCondition.READY).orElseThrow().getLastTransitionTime())
                .isEqualTo("2025-11-29T12:00:00Z");
        assertThat(failed.condition(GeoHubCondition.DEGRADED).orElseThrow().getReason()).isEqualTo("ReconcileFailed");
    }
}
