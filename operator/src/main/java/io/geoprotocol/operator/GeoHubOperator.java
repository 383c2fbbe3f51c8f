package io.geoprotocol.operator;

import io.geoprotocol.operator.reconciler.GeoHubReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: `java -jar geo-hub-operator.jar`. Settings come from the environment (see OperatorSettings). */
public final class GeoHubOperator {

    private static final Logger LOG = LoggerFactory.getLogger(GeoHubOperator.class);

    private GeoHubOperator() {
    }

    public static void main(String[] args) throws Exception {
        OperatorSettings settings = OperatorSettings.from(System.getenv());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        Operator operator = create(settings, registry, overrider -> { });

        OperatorHttpServer http = new OperatorHttpServer(settings.httpPort(), operator.getRuntimeInfo(), registry);
        http.start();
        operator.installShutdownHook(Duration.ofSeconds(10));
        try {
            operator.start();
        } catch (RuntimeException e) {
            // A failed start leaves non-daemon threads running and /healthz answering "starting", so
            // the pod would idle forever: exit instead, and let Kubernetes restart it.
            LOG.error("event=operator_start_failed api_server={} error=\"{}\"",
                    operator.getKubernetesClient().getMasterUrl(), rootCause(e), e);
            http.stop();
            System.exit(1);
        }
        LOG.info("GeoHub operator started; watching {}; leader election {}; health and metrics on :{}",
                settings.watchAllNamespaces() ? "all namespaces" : settings.watchNamespaces(),
                settings.leaderElection() ? "on" : "off", settings.httpPort());
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /**
     * The operator as it runs in production, with the GeoHub controller registered; {@code more} adjusts
     * the configuration last (tests hand it the client of the operator's ServiceAccount).
     */
    public static Operator create(OperatorSettings settings, PrometheusMeterRegistry registry,
            Consumer<ConfigurationServiceOverrider> more) {
        Operator operator = new Operator(configure(settings, registry).andThen(more));
        operator.register(new GeoHubReconciler(Clock.systemUTC(), new SecureRandom()), controller -> {
            if (settings.watchAllNamespaces()) {
                controller.watchingAllNamespaces();
            } else {
                controller.settingNamespaces(settings.watchNamespaces());
            }
        });
        return operator;
    }

    static Consumer<ConfigurationServiceOverrider> configure(OperatorSettings settings,
            PrometheusMeterRegistry registry) {
        return overrider -> {
            overrider.withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry)
                    .build());
            // Status is written as a JSON merge patch of the status subresource only.
            overrider.withUseSSAToPatchPrimaryResource(false);
            if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(settings.leaseNamespace()
                        .map(ns -> new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, ns))
                        .orElseGet(() -> new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME)));
            }
        };
    }
}
