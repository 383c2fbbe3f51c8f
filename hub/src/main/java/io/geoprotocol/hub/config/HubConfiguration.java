package io.geoprotocol.hub.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Settings and time, as beans, so tests can override either. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    @Bean
    HubSettings hubSettings(Environment environment) {
        HubSettings settings = HubSettings.load(environment::getProperty);
        SecretPolicy.enforce(settings);
        return settings;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
