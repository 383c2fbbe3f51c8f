package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Finds pods stuck for reasons a person must fix, such as an image that cannot be pulled. */
final class PodProblems {

    private static final Set<String> IMAGE_REASONS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");
    private static final Set<String> STUCK_REASONS =
            Set.of("CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError");

    /** A stuck container: which pod, and the kubelet's reason. */
    record Stuck(String pod, String reason, String message) {

        boolean imagePull() {
            return IMAGE_REASONS.contains(reason);
        }
    }

    private PodProblems() {
    }

    static Optional<Stuck> find(KubernetesClient client, String namespace, Map<String, String> labels) {
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .flatMap(PodProblems::stuckContainers)
                .findFirst();
    }

    private static Stream<Stuck> stuckContainers(Pod pod) {
        if (pod.getStatus() == null) {
            return Stream.empty();
        }
        Stream<ContainerStatus> statuses = Stream.concat(
                pod.getStatus().getInitContainerStatuses().stream(),
                pod.getStatus().getContainerStatuses().stream());
        return statuses
                .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
                .map(s -> s.getState().getWaiting())
                .filter(w -> IMAGE_REASONS.contains(w.getReason()) || STUCK_REASONS.contains(w.getReason()))
                .map(w -> new Stuck(pod.getMetadata().getName(), w.getReason(), w.getMessage()));
    }
}
