package io.geoprotocol.hub.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Names a request by the route template it matches ({@code /api/v1/payments/{tx_id}}), so metric
 * labels stay few whatever ids clients send. Requests refused before routing (no token, rate
 * limited) are matched against the controllers' patterns; anything else, such as a scan of random
 * URLs, is {@code unmatched}.
 */
@Component
public class RouteTemplates {

    public static final String UNMATCHED = "unmatched";

    private static final Set<String> FIXED = Set.of("/metrics", "/api/v1/ws");
    private static final String CATCH_ALL = "/**";

    private final RequestMappingHandlerMapping mappings;
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    private final Map<String, String> spelled = new ConcurrentHashMap<>();
    private volatile List<PathPattern> patterns;

    public RouteTemplates(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    public String of(ServerWebExchange exchange) {
        Object best = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return of(best instanceof PathPattern pattern ? pattern.getPatternString() : null,
                exchange.getRequest().getPath().pathWithinApplication());
    }

    /**
     * The label of a request whose handler matched {@code bestPattern} (null when none did). The
     * static-resource handler answers every path with {@code /**}, so that pattern names nothing.
     */
    public String of(String bestPattern, PathContainer path) {
        if (bestPattern != null && !CATCH_ALL.equals(bestPattern)) {
            return contractForm(bestPattern);
        }

        if (FIXED.contains(path.value())) {
            return path.value();
        }
        for (PathPattern pattern : patterns()) {
            if (pattern.matches(path)) {
                return contractForm(pattern.getPatternString());
            }
        }
        return UNMATCHED;
    }

    /** Variables in the contract's spelling: {@code {txId}} is written {@code {tx_id}}. */
    private String contractForm(String template) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        return spelled.computeIfAbsent(template, t -> VARIABLE.matcher(t).replaceAll(m ->
                "{" + m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT) + "}"));
    }

    private List<PathPattern> patterns() {
        List<PathPattern> known = patterns;
        if (known == null) {
            List<PathPattern> all = new ArrayList<>();
            mappings.getHandlerMethods().keySet().forEach(info ->
                    all.addAll(info.getPatternsCondition().getPatterns()));
            all.sort(PathPattern.SPECIFICITY_COMPARATOR);
            known = List.copyOf(all);
            patterns = known;
        }
        return known;
    }
}
