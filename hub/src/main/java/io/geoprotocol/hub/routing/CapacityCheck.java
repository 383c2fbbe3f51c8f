package io.geoprotocol.hub.routing;

/**
 * Answer of {@code GET /payments/capacity}.
 *
 * @param canPay        the router finds a plan for the amount within the constraints
 * @param maxAmount     the most payable at once within the hop limit (see {@link MaxFlowResult})
 * @param routesCount   paths in the plan, 0 when it cannot pay
 * @param estimatedHops longest path of the plan, 0 when it cannot pay
 */
public record CapacityCheck(boolean canPay, long maxAmount, int routesCount, int estimatedHops) {
}
