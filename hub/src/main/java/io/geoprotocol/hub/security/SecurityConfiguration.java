package io.geoprotocol.hub.security;

import io.geoprotocol.hub.web.ApiErrorHandler;
import io.geoprotocol.hub.web.ApiException;
import io.geoprotocol.hub.web.ErrorCode;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Participants authenticate with the hub's access tokens through the OAuth2 resource server;
 * admin endpoints are guarded by {@link AdminTokenFilter} instead. Sessions are never created.
 */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfiguration {

    static final String[] PUBLIC_PATHS = {
        "/healthz", "/health", "/health/db", "/api/v1/healthz", "/api/v1/health", "/api/v1/health/db",
        "/metrics", "/openapi.json", "/openapi.json/**", "/docs", "/docs/**", "/webjars/**",
        "/api/v1/auth/**", "/api/v1/admin/**", "/api/v1/ws",
        // Participant token or admin token: checked by the integrity controller itself.
        "/api/v1/integrity/**"
    };

    /**
     * Requests the security firewall refuses (encoded slashes, NUL bytes, unknown methods such as
     * TRACE) answer with the error envelope like every other failure.
     */
    @Bean
    static BeanPostProcessor firewallRejectionsAsEnvelope(ObjectProvider<ApiErrorHandler> errors) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof WebFilterChainProxy proxy) {
                    proxy.setExchangeRejectedHandler((exchange, rejected) -> errors.getObject().write(
                            exchange.getResponse(), new ApiException(ErrorCode.E009, HttpStatus.BAD_REQUEST,
                                    "Request rejected: the URL or method is not allowed", Map.of())));
                }
                return bean;
            }
        };
    }

    /**
     * Browsers may call the API from the origins in {@code CORS_ALLOWED_ORIGINS} (comma-separated;
     * {@code *} for any). Unset, no cross-origin request is allowed. Tokens travel in headers, never
     * cookies, so credentials are not enabled.
     */
    static CorsConfigurationSource corsSource(Environment env) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        String origins = env.getProperty("CORS_ALLOWED_ORIGINS", "");
        if (origins.isBlank()) {
            return source;
        }

        CorsConfiguration config = new CorsConfiguration();
        for (String origin : origins.split(",")) {
            if (!origin.isBlank()) {
                config.addAllowedOriginPattern(origin.trim());
            }
        }
        config.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-ID", "X-Admin-Token"));
        config.setExposedHeaders(List.of("X-Request-ID", "Retry-After"));
        config.setMaxAge(3600L);
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    /** Declared as a bean so no default user store is created beside it. */
    @Bean
    ReactiveJwtDecoder accessTokenDecoder(TokenService tokens) {
        return tokens.accessDecoder();
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, TokenService tokens, ApiErrorHandler errors,
            Environment env) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, e) -> {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
            return errors.write(exchange.getResponse(),
                    ApiException.unauthorized("Missing, invalid or expired access token"));
        };
        ServerAccessDeniedHandler denied = (exchange, e) ->
                errors.write(exchange.getResponse(), ApiException.forbidden("Insufficient permissions"));

        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .cors(cors -> cors.configurationSource(corsSource(env)))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(auth -> auth
                        .pathMatchers(PUBLIC_PATHS).permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/participants").permitAll()
                        .pathMatchers("/api/v1/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtDecoder(tokens.accessDecoder()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(denied))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(denied))
                .build();
    }
}
