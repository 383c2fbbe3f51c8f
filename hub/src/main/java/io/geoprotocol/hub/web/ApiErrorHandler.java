package io.geoprotocol.hub.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure, ours or the framework's, into the contract's error envelope. Nothing of
 * the internals (stack traces, SQL, class names) reaches the client; unexpected errors are logged
 * once here, with the request id.
 */
@Component
@Order(-2)
public class ApiErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final JsonMapper json;

    public ApiErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }

        ApiException error = translate(failure);
        if (error.status().is5xxServerError()) {
            log.error("event=request_failed request_id={} path={}", RequestId.of(exchange),
                    exchange.getRequest().getPath().value(), failure);
        }
        if (failure instanceof MethodNotAllowedException notAllowed) {
            response.getHeaders().setAllow(notAllowed.getSupportedMethods());
        }
        return write(response, error);
    }

    /** Writes an envelope; also used by the security chain's entry points. */
    public Mono<Void> write(ServerHttpResponse response, ApiException error) {
        response.setStatusCode(error.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(ErrorEnvelope.of(error.code(), error.getMessage(), error.details()));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    static ApiException translate(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (hasCause(failure, DataBufferLimitException.class)) {
            return new ApiException(ErrorCode.E009, HttpStatus.CONTENT_TOO_LARGE, "Request body is too large",
                    Map.of());
        }
        if (failure instanceof WebExchangeBindException bind) {
            return ApiException.validation("Request validation failed", Map.of("errors", fieldErrors(bind)));
        }
        if (failure instanceof ServerWebInputException input) {
            return ApiException.validation(inputMessage(input));
        }
        if (failure instanceof ResponseStatusException status) {
            return fromStatus(status);
        }
        if (hasCause(failure, TimeoutException.class)) {
            return new ApiException(ErrorCode.E007, "Operation timed out");
        }
        return new ApiException(ErrorCode.E010, "Internal error");
    }

    private static ApiException fromStatus(ResponseStatusException e) {
        HttpStatusCode code = e.getStatusCode();
        int value = code.value();
        if (value == 404) {
            return ApiException.notFound("Not found");
        }
        if (value == 401) {
            return ApiException.unauthorized("Unauthorized");
        }
        if (value == 403) {
            return ApiException.forbidden("Forbidden");
        }

        String message = switch (value) {
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: this endpoint answers application/json";
            case 413 -> "Request body is too large";
            case 415 -> "Unsupported media type: send application/json";
            default -> e.getReason() != null ? e.getReason() : "Request rejected";
        };
        if (code.is5xxServerError()) {
            return new ApiException(ErrorCode.E010, HttpStatus.valueOf(value), "Internal error", Map.of());
        }
        return new ApiException(ErrorCode.E009, HttpStatus.valueOf(value), message, Map.of());
    }

    private static String inputMessage(ServerWebInputException input) {
        Throwable cause = input.getMostSpecificCause();
        if (cause instanceof tools.jackson.core.JacksonException || input.getMessage().contains("body")) {
            if (input.getMethodParameter() == null || cause != input) {
                return "Malformed request body: expected valid JSON matching the endpoint's schema";
            }
        }
        String reason = input.getReason();
        return reason != null ? reason : "Invalid request";
    }

    private static List<Map<String, Object>> fieldErrors(WebExchangeBindException bind) {
        return bind.getFieldErrors().stream()
                .map(ApiErrorHandler::fieldError)
                .toList();
    }

    private static Map<String, Object> fieldError(FieldError error) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("field", error.getField());
        item.put("message", error.getDefaultMessage());
        return item;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

}
