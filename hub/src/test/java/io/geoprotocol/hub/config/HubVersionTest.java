package io.geoprotocol.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HubVersionTest {

    @Test
    void versionIsTheOneTheBuildRecordedNotAFallback() {
        assertThat(HubVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
    }
}
