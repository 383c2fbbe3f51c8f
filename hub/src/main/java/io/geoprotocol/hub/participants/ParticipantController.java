package io.geoprotocol.hub.participants;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
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

/** {@code /api/v1/participants}: registration is public, everything else needs an access token. */
@RestController
@RequestMapping("/api/v1/participants")
public class ParticipantController {

    private final ParticipantService participants;

    public ParticipantController(ParticipantService participants) {
        this.participants = participants;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ParticipantView> register(@RequestBody JsonNode body) {
        return participants.register(body);
    }

    @GetMapping("/me")
    public Mono<ParticipantView> me(@AuthenticationPrincipal Jwt token) {
        return participants.me(token.getSubject());
    }

    @PatchMapping("/me")
    public Mono<ParticipantView> updateMe(@AuthenticationPrincipal Jwt token, @RequestBody JsonNode body) {
        return participants.update(token.getSubject(), body);
    }

    /** Paging parameters arrive as text so a bad value answers with the error envelope. */
    @GetMapping({"", "/search"})
    public Mono<Map<String, List<ParticipantView>>> search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String page,
            @RequestParam(name = "per_page", required = false) String perPage) {
        return Mono.fromCallable(() -> ListQuery.parse(q, type, limit, page, perPage))
                .flatMap(query -> participants.search(query).collectList())
                .map(items -> Map.of("items", items));
    }

    @GetMapping("/{pid}")
    public Mono<ParticipantView> get(@PathVariable String pid) {
        return participants.publicCard(pid);
    }
}
