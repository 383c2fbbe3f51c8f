package io.geoprotocol.hub.integrity;

import java.util.Map;

/** The contract's InvariantResult: whether one invariant holds, with its value or violations. */
public record InvariantResult(boolean passed, String value, Integer violations, Map<String, Object> details) {
}
