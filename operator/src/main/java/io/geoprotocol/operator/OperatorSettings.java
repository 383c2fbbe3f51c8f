package io.geoprotocol.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operator settings from environment variables.
 *
 * @param watchNamespaces namespaces to watch; empty means all (WATCH_NAMESPACES, comma-separated)
 * @param leaderElection whether to elect a leader before reconciling (LEADER_ELECTION_ENABLED)
 * @param leaseNamespace where the Lease lives (LEADER_ELECTION_NAMESPACE, else POD_NAMESPACE)
 * @param httpPort port of /healthz, /readyz and /metrics (OPERATOR_HTTP_PORT, default 8080)
 */
public record OperatorSettings(Set<String> watchNamespaces, boolean leaderElection, Optional<String> leaseNamespace,
        int httpPort) {

    public static final String LEASE_NAME = "geo-hub-operator-lease";

    public static OperatorSettings from(Map<String, String> env) {
        Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
                .map(String::trim)
                .filter(ns -> !ns.isEmpty() && !ns.equals("*"))
                .collect(Collectors.toUnmodifiableSet());
        boolean leaderElection = Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION_ENABLED", "false"));
        Optional<String> leaseNamespace = Optional.ofNullable(env.get("LEADER_ELECTION_NAMESPACE"))
                .or(() -> Optional.ofNullable(env.get("POD_NAMESPACE")))
                .filter(ns -> !ns.isBlank());
        int port = Integer.parseInt(env.getOrDefault("OPERATOR_HTTP_PORT", "8080"));
        return new OperatorSettings(namespaces, leaderElection, leaseNamespace, port);
    }

    public boolean watchAllNamespaces() {
        return watchNamespaces.isEmpty();
    }
}
