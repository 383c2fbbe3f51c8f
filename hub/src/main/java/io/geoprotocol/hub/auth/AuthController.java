package io.geoprotocol.hub.auth;

import io.geoprotocol.hub.participants.JsonFields;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/auth}: challenge, login and refresh, all public. */
@RestController
@RequestMapping("/api/v1/auth")
public class AuthController {

    private static final int MAX_FIELD_LENGTH = 4096;

    private final AuthService auth;

    public AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping("/challenge")
    public Mono<AuthService.Challenge> challenge(@RequestBody JsonNode body) {
        return Mono.fromCallable(() -> field(JsonFields.object(body), "pid"))
                .flatMap(auth::challenge);
    }

    @PostMapping("/login")
    public Mono<TokenPairView> login(@RequestBody JsonNode body) {
        return Mono.fromCallable(() -> LoginRequest.of(JsonFields.object(body)))
                .flatMap(r -> auth.login(r.pid(), r.challenge(), r.signature()));
    }

    @PostMapping("/refresh")
    public Mono<TokenPairView> refresh(@RequestBody JsonNode body) {
        return Mono.fromCallable(() -> field(JsonFields.object(body), "refresh_token"))
                .flatMap(auth::refresh);
    }

    /** {@code device_info} is accepted (an object or null) but not stored. */
    private record LoginRequest(String pid, String challenge, String signature) {

        static LoginRequest of(JsonNode body) {
            JsonFields.optionalObject(body, "device_info");
            return new LoginRequest(field(body, "pid"), field(body, "challenge"), field(body, "signature"));
        }
    }

    private static String field(JsonNode body, String name) {
        String value = JsonFields.requiredString(body, name);
        if (value.length() > MAX_FIELD_LENGTH) {
            throw JsonFields.invalid(name, "is too long");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw JsonFields.invalid(name, "must not contain NUL characters");
        }
        return value;
    }
}
