package io.geoprotocol.hub.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the served API at {@code /openapi.json}: participants' bearer tokens and the admin token. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI geoHubOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("GEO Hub API")
                        .version("0.1")
                        .description("Mutual-credit hub: participants, trust lines, payments through chains "
                                + "of trust, clearing. Signed requests carry an Ed25519 signature over the "
                                + "canonical JSON of the listed keys; see docs/api-auth.md."))
                .components(new Components()
                        .addSecuritySchemes("BearerAuth", new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT"))
                        .addSecuritySchemes("AdminToken", new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-Admin-Token")))
                .addSecurityItem(new SecurityRequirement().addList("BearerAuth"))
                // Relative, so "Try it out" calls the origin the page came from: behind a TLS proxy
                // the hub itself sees plain HTTP and does not take the scheme from forwarded headers.
                .servers(List.of(new Server().url("/").description("This hub")));
    }
}
