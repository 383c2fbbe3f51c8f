package io.geoprotocol.hub.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure that reaches the client as the contract's error envelope. Services raise it through
 * {@code Mono.error}; the error handler turns it into the response.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final HttpStatus status;
    private final Map<String, Object> details;

    public ApiException(ErrorCode code, HttpStatus status, String message, Map<String, Object> details) {
        super(message == null ? code.defaultMessage() : message);
        this.code = code;
        this.status = status;
        this.details = details == null ? Map.of() : details;
    }

    public ApiException(ErrorCode code, String message) {
        this(code, code.status(), message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, code.status(), message, details);
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.E009, message);
    }

    public static ApiException validation(String message, Map<String, Object> details) {
        return new ApiException(ErrorCode.E009, message, details);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.E001, HttpStatus.NOT_FOUND, message, Map.of());
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.E006, HttpStatus.UNAUTHORIZED, message, Map.of());
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.E006, HttpStatus.FORBIDDEN, message, Map.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.E008, HttpStatus.CONFLICT, message, Map.of());
    }

    public static ApiException conflict(String message, Map<String, Object> details) {
        return new ApiException(ErrorCode.E008, HttpStatus.CONFLICT, message, details);
    }

    public static ApiException invalidSignature(String message) {
        return new ApiException(ErrorCode.E005, HttpStatus.BAD_REQUEST, message, Map.of());
    }

    public ErrorCode code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** Expected failures need no stack trace in the logs. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
