package io.geoprotocol.hub.routing;

/**
 * A saturated hop on the minimum cut between payer and payee.
 *
 * @param from      the paying side of the hop
 * @param to        the receiving side; the hop runs on the line {@code to -> from}
 * @param limit     limit of that line (0 when the hop lives on offsetting a debt only)
 * @param used      part of the limit not available now: {@code max(0, limit - available)}
 * @param available hop capacity now, reverse debt and reservations included
 */
public record Bottleneck(String from, String to, long limit, long used, long available) {
}
