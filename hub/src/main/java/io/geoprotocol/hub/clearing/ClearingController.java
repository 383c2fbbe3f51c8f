package io.geoprotocol.hub.clearing;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.web.ApiException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/clearing}: the debt cycles of an equivalent, and clearing them on demand. */
@RestController
public class ClearingController {

    private final ClearingService clearing;
    private final HubSettings settings;

    private final RuntimeSettings runtime;

    public ClearingController(ClearingService clearing, HubSettings settings, RuntimeSettings runtime) {
        this.clearing = clearing;
        this.settings = settings;
        this.runtime = runtime;
    }

    public record CyclesResponse(List<List<ClearingService.CycleEdge>> cycles) {
    }

    public record AutoResponse(String equivalent, int clearedCycles) {
    }

    @GetMapping(path = "/api/v1/clearing/cycles", produces = "application/json")
    public Mono<CyclesResponse> cycles(@RequestParam(name = "equivalent", required = false) String equivalent,
            @RequestParam(name = "max_depth", required = false) String maxDepth) {
        return Mono.defer(() -> {
            String code = requireEquivalent(equivalent);
            int depth = depth(maxDepth, runtime.intValue(RuntimeSettings.MAX_CLEARING_CYCLE_LENGTH));
            return clearing.cycles(code, depth)
                    .switchIfEmpty(Mono.error(ApiException.notFound("Equivalent " + code + " not found")))
                    .map(CyclesResponse::new);
        });
    }

    @PostMapping(path = "/api/v1/clearing/auto", produces = "application/json")
    public Mono<AutoResponse> auto(@RequestParam(name = "equivalent", required = false) String equivalent,
            @RequestParam(name = "max_depth", required = false) String maxDepth) {
        return Mono.defer(() -> {
            String code = requireEquivalent(equivalent);
            int depth = depth(maxDepth, runtime.intValue(RuntimeSettings.MAX_CLEARING_CYCLE_LENGTH));
            return clearing.clearEquivalent(code, settings.clearingMode(), depth, "manual")
                    .switchIfEmpty(Mono.error(ApiException.notFound("Equivalent " + code + " not found")))
                    .map(pass -> new AutoResponse(code, pass.clearedCycles()));
        });
    }

    private static String requireEquivalent(String equivalent) {
        if (equivalent == null || equivalent.isBlank()) {
            throw ApiException.validation("Query parameter 'equivalent' is required");
        }
        String code = equivalent.trim();
        if (!code.matches("[A-Z0-9_]{1,16}")) {
            throw ApiException.validation("Query parameter 'equivalent' must be 1-16 of A-Z, 0-9 and _");
        }
        return code;
    }

    private static int depth(String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return Math.min(fallback, 10);
        }
        try {
            int depth = Integer.parseInt(raw.trim());
            if (depth >= 3 && depth <= 10) {
                return depth;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw ApiException.validation("Query parameter 'max_depth' must be a whole number from 3 to 10");
    }
}
