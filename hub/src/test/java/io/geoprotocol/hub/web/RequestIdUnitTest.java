package io.geoprotocol.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdUnitTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a1b2-c3.d4:e5/f6+g7=h8_", "0b9c2f0e-4f0b-4c9c-9d57-5c0f8a9a1d10"})
    void saneValuesAreKept(String value) {
        assertThat(RequestId.accept(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "line\r\nbreak", "new\nline", "quote\"", "<script>", "ünïcode"})
    void unsafeValuesAreReplaced(String value) {
        assertThat(RequestId.accept(value)).isNotEqualTo(value).matches("[0-9a-f-]{36}");
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 500})
    void overlongValuesAreReplaced(int length) {
        assertThat(RequestId.accept("a".repeat(length))).matches("[0-9a-f-]{36}");
    }

    @org.junit.jupiter.api.Test
    void nullIsReplaced() {
        assertThat(RequestId.accept(null)).matches("[0-9a-f-]{36}");
    }
}
