package io.geoprotocol.hub.web;

import org.springframework.http.HttpStatus;

/** The v0.1 contract's error codes, each with the HTTP status it usually travels with. */
public enum ErrorCode {
    E001(HttpStatus.NOT_FOUND, "Not found"),
    E002(HttpStatus.BAD_REQUEST, "Insufficient capacity for payment"),
    E003(HttpStatus.BAD_REQUEST, "Trust line limit exceeded"),
    E004(HttpStatus.BAD_REQUEST, "Trust line not active"),
    E005(HttpStatus.BAD_REQUEST, "Invalid signature"),
    E006(HttpStatus.UNAUTHORIZED, "Unauthorized"),
    E007(HttpStatus.GATEWAY_TIMEOUT, "Operation timeout"),
    E008(HttpStatus.CONFLICT, "State conflict"),
    E009(HttpStatus.BAD_REQUEST, "Validation error"),
    E010(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String defaultMessage;

    ErrorCode(HttpStatus status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public HttpStatus status() {
        return status;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
