package io.geoprotocol.hub.web;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;

/**
 * Carries the request id from the Reactor context into the logging MDC on whatever thread runs
 * the next step, so every log line of a request names it.
 */
@Configuration(proxyBeanMethods = false)
public class LoggingContext {

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(
                RequestId.MDC_KEY,
                () -> MDC.get(RequestId.MDC_KEY),
                value -> MDC.put(RequestId.MDC_KEY, value),
                () -> MDC.remove(RequestId.MDC_KEY));
    }
}
