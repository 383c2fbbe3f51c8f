package io.geoprotocol.hub.web;

import java.util.Map;

/** {@code {"error": {"code", "message", "details"}}}, the body of every failed response. */
public record ErrorEnvelope(Body error) {

    public record Body(String code, String message, Map<String, Object> details) {
    }

    public static ErrorEnvelope of(ErrorCode code, String message, Map<String, Object> details) {
        return new ErrorEnvelope(new Body(code.name(), message, details == null ? Map.of() : details));
    }
}
