package io.geoprotocol.hub.equivalents;

import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The admin API for equivalents; {@code X-Admin-Token} is checked by the admin token filter. */
@RestController
@RequestMapping(path = "/api/v1/admin/equivalents", produces = "application/json")
public class AdminEquivalentController {

    private final EquivalentService equivalents;

    public AdminEquivalentController(EquivalentService equivalents) {
        this.equivalents = equivalents;
    }

    @GetMapping
    public Mono<Map<String, List<Equivalent>>> list(
            @RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive) {
        return equivalents.list(includeInactive).map(items -> Map.of("items", items));
    }

    @PostMapping(consumes = "application/json")
    public Mono<Equivalent> create(@Valid @RequestBody EquivalentRequests.Create request,
            ServerWebExchange exchange) {
        return equivalents.create(request, exchange);
    }

    @PatchMapping(path = "/{code}", consumes = "application/json")
    public Mono<Equivalent> update(@PathVariable String code, @Valid @RequestBody EquivalentRequests.Update request,
            ServerWebExchange exchange) {
        return equivalents.update(code, request, exchange);
    }

    @DeleteMapping("/{code}")
    public Mono<Map<String, String>> delete(@PathVariable String code,
            @Valid @RequestBody EquivalentRequests.Delete request, ServerWebExchange exchange) {
        return equivalents.delete(code, request, exchange).map(deleted -> Map.of("deleted", deleted));
    }

    @GetMapping("/{code}/usage")
    public Mono<EquivalentUsage.Response> usage(@PathVariable String code) {
        return equivalents.usage(code);
    }
}
