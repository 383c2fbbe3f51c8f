package io.geoprotocol.hub.equivalents;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/equivalents}: the active equivalents, for authenticated participants. */
@RestController
public class EquivalentController {

    private final EquivalentService equivalents;

    public EquivalentController(EquivalentService equivalents) {
        this.equivalents = equivalents;
    }

    @GetMapping(path = "/api/v1/equivalents", produces = "application/json")
    public Mono<Map<String, List<Equivalent>>> list() {
        return equivalents.list(false).map(items -> Map.of("items", items));
    }
}
