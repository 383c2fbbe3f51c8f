package io.geoprotocol.hub.trustlines;

import io.geoprotocol.hub.trustlines.TrustLineRepository.Direction;
import io.geoprotocol.hub.trustlines.TrustLineService.ListQuery;
import io.geoprotocol.hub.web.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/trustlines}. Signed requests are taken as raw JSON so the signature is checked
 * over exactly what the client sent. Listing shows active lines unless a status is asked for.
 */
@RestController
@RequestMapping("/api/v1/trustlines")
public class TrustLineController {

    private static final Set<String> STATUSES = Set.of(TrustLine.ACTIVE, TrustLine.FROZEN, TrustLine.CLOSED);
    private static final int MAX_PER_PAGE = 200;

    private final TrustLineService service;

    public TrustLineController(TrustLineService service) {
        this.service = service;
    }

    public record TrustLinesList(List<TrustLineView> items) {
    }

    public record CloseResult(String status, String message) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<TrustLineView> create(@AuthenticationPrincipal Jwt jwt, @RequestBody JsonNode body) {
        return service.create(jwt.getSubject(), body)
                .map(TrustLineView::of);
    }

    @GetMapping
    public Mono<TrustLinesList> list(@AuthenticationPrincipal Jwt jwt,
            @RequestParam(required = false) String direction,
            @RequestParam(required = false) String equivalent,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String page,
            @RequestParam(name = "per_page", required = false) String perPage) {
        return Mono.fromCallable(() -> query(direction, equivalent, status, page, perPage))
                .flatMapMany(query -> service.list(jwt.getSubject(), query))
                .map(TrustLineView::of)
                .collectList()
                .map(TrustLinesList::new);
    }

    @GetMapping("/{id}")
    public Mono<TrustLineView> get(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return Mono.fromCallable(() -> lineId(id))
                .flatMap(lineId -> service.get(jwt.getSubject(), lineId))
                .map(TrustLineView::of);
    }

    @PatchMapping("/{id}")
    public Mono<TrustLineView> update(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
            @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> lineId(id))
                .flatMap(lineId -> service.update(jwt.getSubject(), lineId, body))
                .map(TrustLineView::of);
    }

    @DeleteMapping("/{id}")
    public Mono<CloseResult> close(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
            @RequestBody(required = false) JsonNode body) {
        return Mono.fromCallable(() -> lineId(id))
                .flatMap(lineId -> service.close(jwt.getSubject(), lineId, body))
                .thenReturn(new CloseResult("success", "Trustline closed"));
    }

    private static UUID lineId(String text) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the same answer as a wrong length.
        }
        throw ApiException.validation("Invalid trust line id: expected a UUID", Map.of("field", "id"));
    }

    private static ListQuery query(String direction, String equivalent, String status, String page,
            String perPage) {
        Direction dir = Direction.ALL;
        if (direction != null) {
            dir = switch (direction) {
                case "outgoing" -> Direction.OUTGOING;
                case "incoming" -> Direction.INCOMING;
                case "all" -> Direction.ALL;
                default -> throw invalidParam("direction", "must be outgoing, incoming or all");
            };
        }
        if (status != null && !STATUSES.contains(status)) {
            throw invalidParam("status", "must be active, frozen or closed");
        }
        String code = equivalent == null ? null : TrustLineService.equivalentCode(equivalent, "equivalent");
        int pageNumber = integer("page", page, 1, 1, Integer.MAX_VALUE);
        int size = integer("per_page", perPage, 20, 1, MAX_PER_PAGE);
        return new ListQuery(dir, code, status == null ? TrustLine.ACTIVE : status, pageNumber, size);
    }

    private static int integer(String name, String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw invalidParam(name, String.format(Locale.ROOT, "must be an integer from %d to %d", min, max));
    }

    private static ApiException invalidParam(String name, String problem) {
        return ApiException.validation("Invalid query parameter " + name + ": " + problem, Map.of("field", name));
    }
}
