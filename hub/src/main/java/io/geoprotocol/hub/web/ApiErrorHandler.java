package io.geoprotocol.hub.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure, ours or the framework's, into the contract's error envelope. Messages are
 * written here for the client; nothing of the internals (stack traces, SQL, class names, the
 * framework's own exception messages) reaches it. Unexpected errors are logged once, with the
 * request id.
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
        logFailure(exchange, failure, error);

        if (failure instanceof MethodNotAllowedException notAllowed) {
            response.getHeaders().setAllow(notAllowed.getSupportedMethods());
        }
        if (response.getHeaders().getFirst(RequestId.HEADER) == null) {
            String id = RequestId.of(exchange);
            response.getHeaders().set(RequestId.HEADER, id.isEmpty() ? UUID.randomUUID().toString() : id);
        }
        return write(response, error);
    }

    /**
     * Handlers run outside the request's filter chain, so its Reactor context (and the request id
     * the logging MDC takes from it) is gone here; the id is put back for these lines.
     */
    private static void logFailure(ServerWebExchange exchange, Throwable failure, ApiException error) {
        String previous = MDC.get(RequestId.MDC_KEY);
        MDC.put(RequestId.MDC_KEY, RequestId.of(exchange));
        try {
            if (error.status().is5xxServerError()) {
                log.error("event=request_failed request_id={} method={} path={}", RequestId.of(exchange),
                        exchange.getRequest().getMethod().name(), exchange.getRequest().getPath().value(), failure);
            } else if (log.isDebugEnabled()) {
                log.debug("event=request_rejected status={} code={} message=\"{}\"", error.status().value(),
                        error.code(), error.getMessage());
            }
        } finally {
            if (previous != null) {
                MDC.put(RequestId.MDC_KEY, previous);
            } else {
                MDC.remove(RequestId.MDC_KEY);
            }
        }
    }

    /** Writes an envelope; also used by the security chain's entry points and the web filters. */
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
        if (findCause(failure, DataBufferLimitException.class) != null) {
            return tooLarge();
        }
        if (failure instanceof WebExchangeBindException bind) {
            return ApiException.validation("Request validation failed: " + summary(fieldErrors(bind)),
                    Map.of("errors", fieldErrors(bind)));
        }
        if (failure instanceof HandlerMethodValidationException validation) {
            List<Map<String, Object>> errors = parameterErrors(validation);
            return ApiException.validation("Request validation failed: " + summary(errors), Map.of("errors", errors));
        }
        if (failure instanceof ServerWebInputException input) {
            return inputError(input);
        }
        if (failure instanceof ResponseStatusException status) {
            return fromStatus(status);
        }
        if (findCause(failure, TimeoutException.class) != null) {
            return new ApiException(ErrorCode.E007, "Operation timed out");
        }
        return new ApiException(ErrorCode.E010, "Internal error");
    }

    static ApiException tooLarge() {
        return new ApiException(ErrorCode.E009, HttpStatus.CONTENT_TOO_LARGE, "Request body is too large", Map.of());
    }

    /** A request the framework could not bind: its body, a parameter or a path variable. */
    private static ApiException inputError(ServerWebInputException input) {
        JacksonException jackson = findCause(input, JacksonException.class);
        if (isMissingBody(input, jackson)) {
            return ApiException.validation("Request body is missing: send a JSON object");
        }
        if (jackson instanceof StreamReadException || (jackson == null && findCause(input, DecodingException.class)
                != null)) {
            return ApiException.validation("Malformed JSON in request body" + location(jackson));
        }
        if (jackson != null) {
            String path = jsonPath(jackson);
            String expected = jackson instanceof MismatchedInputException mismatch
                    ? expectedJsonType(mismatch.getTargetType()) : null;
            if (path.isEmpty()) {
                return ApiException.validation("Request body must be " + (expected != null ? expected : "valid JSON")
                        + " matching the endpoint's schema");
            }
            return ApiException.validation("Invalid value for '" + path + "' in request body"
                    + (expected != null ? ": expected " + expected : ""), Map.of("field", path));
        }

        if (input instanceof MissingRequestValueException missing) {
            return ApiException.validation("Missing required " + missing.getLabel() + " '" + missing.getName() + "'",
                    Map.of("field", missing.getName()));
        }
        TypeMismatchException mismatch = findCause(input, TypeMismatchException.class);
        if (mismatch != null) {
            String name = parameterName(input.getMethodParameter());
            String expected = expectedType(mismatch.getRequiredType());
            return ApiException.validation("Invalid value for " + parameterLabel(input.getMethodParameter()) + " '"
                    + name + "'" + (expected != null ? ": expected " + expected : ""), Map.of("field", name));
        }
        return ApiException.validation("Invalid request");
    }

    /** Spring reports an absent body itself; an empty one reaches Jackson as end of input at offset 0. */
    private static boolean isMissingBody(ServerWebInputException input, JacksonException jackson) {
        if (input.getReason() != null && input.getReason().toLowerCase(Locale.ROOT).contains("no request body")) {
            return true;
        }
        if (jackson == null) {
            return false;
        }
        boolean endOfInput = jackson instanceof UnexpectedEndOfInputException
                || (jackson.getOriginalMessage() != null && jackson.getOriginalMessage().startsWith("No content"));
        TokenStreamLocation at = jackson.getLocation();
        return endOfInput && (at == null || at.getCharOffset() <= 0 && at.getByteOffset() <= 0);
    }

    private static ApiException fromStatus(ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        int value = status.value();
        if (status.is5xxServerError()) {
            return new ApiException(ErrorCode.E010, HttpStatus.valueOf(value), "Internal error", Map.of());
        }

        String message;
        switch (value) {
            case 404:
                return ApiException.notFound("Not found: no such endpoint or resource");
            case 401:
                return ApiException.unauthorized("Unauthorized");
            case 403:
                return ApiException.forbidden("Forbidden");
            case 405:
                message = e instanceof MethodNotAllowedException m
                        ? "Method " + m.getHttpMethod() + " is not allowed here; allowed: "
                                + m.getSupportedMethods().stream().map(Object::toString).sorted()
                                        .collect(Collectors.joining(", "))
                        : "Method not allowed";
                break;
            case 406:
                message = "Not acceptable: this endpoint answers "
                        + (e instanceof NotAcceptableStatusException n ? mediaTypes(n.getSupportedMediaTypes())
                                : "application/json");
                break;
            case 413:
                return tooLarge();
            case 415:
                message = e instanceof UnsupportedMediaTypeStatusException u
                        ? "Unsupported media type" + (u.getContentType() != null ? " " + u.getContentType() : "")
                                + ": send " + mediaTypes(u.getSupportedMediaTypes())
                        : "Unsupported media type: send application/json";
                break;
            default:
                message = "Request rejected";
        }
        return new ApiException(ErrorCode.E009, HttpStatus.valueOf(value), message, Map.of());
    }

    private static String mediaTypes(List<MediaType> types) {
        if (types == null || types.isEmpty()) {
            return "application/json";
        }
        return types.stream().map(MediaType::toString).distinct().collect(Collectors.joining(" or "));
    }

    private static String location(JacksonException e) {
        if (e == null) {
            return "";
        }
        TokenStreamLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** {@code items[0].code}: the JSON names from the document, never Java's. */
    private static String jsonPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a Java target type looks like in JSON, for messages. */
    private static String expectedJsonType(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return isWhole(type) ? "a whole number" : "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }

    /** What a parameter's type looks like in a URL, for messages. */
    private static String expectedType(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return isWhole(type) ? "a whole number" : "a number";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        return null;
    }

    private static boolean isWhole(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == java.math.BigInteger.class;
    }

    private static String parameterName(MethodParameter parameter) {
        if (parameter == null) {
            return "parameter";
        }
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        String name = parameter.getParameterName();
        return name != null ? snakeCase(name) : "parameter";
    }

    private static String parameterLabel(MethodParameter parameter) {
        if (parameter == null) {
            return "parameter";
        }
        if (parameter.hasParameterAnnotation(PathVariable.class)) {
            return "path variable";
        }
        if (parameter.hasParameterAnnotation(RequestHeader.class)) {
            return "header";
        }
        return "query parameter";
    }

    private static List<Map<String, Object>> fieldErrors(WebExchangeBindException bind) {
        return bind.getFieldErrors().stream()
                .map(ApiErrorHandler::fieldError)
                .toList();
    }

    private static Map<String, Object> fieldError(FieldError error) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("field", snakeCase(error.getField()));
        item.put("message", error.getDefaultMessage());
        return item;
    }

    private static List<Map<String, Object>> parameterErrors(HandlerMethodValidationException validation) {
        return validation.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("field", parameterName(result.getMethodParameter()));
                    item.put("message", error.getDefaultMessage());
                    return item;
                }))
                .toList();
    }

    private static String summary(List<Map<String, Object>> errors) {
        return errors.stream()
                .map(e -> e.get("field") + " " + e.get("message"))
                .collect(Collectors.joining("; "));
    }

    /** Bean names are Java's (isActive); the API speaks snake_case (is_active). */
    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
