package io.geoprotocol.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

class ApiErrorHandlerTest {

    @Test
    void apiExceptionsPassThrough() {
        ApiException conflict = ApiException.conflict("taken");
        assertThat(ApiErrorHandler.translate(conflict)).isSameAs(conflict);
    }

    @Test
    void unexpectedFailuresBecomeE010WithoutTheirMessage() {
        ApiException e = ApiErrorHandler.translate(new IllegalStateException("SELECT secret FROM t"));
        assertThat(e.code()).isEqualTo(ErrorCode.E010);
        assertThat(e.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(e.getMessage()).isEqualTo("Internal error");
    }

    @Test
    void bufferLimitAnywhereInTheChainIs413() {
        var wrapped = new ServerWebInputException("Failed to read HTTP message", null,
                new DataBufferLimitException("Exceeded limit on max bytes to buffer : 262144"));
        ApiException e = ApiErrorHandler.translate(wrapped);
        assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.code()).isEqualTo(ErrorCode.E009);
    }

    @Test
    void timeoutsAreE007() {
        ApiException e = ApiErrorHandler.translate(new RuntimeException(new TimeoutException("slow")));
        assertThat(e.code()).isEqualTo(ErrorCode.E007);
        assertThat(e.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    }

    @Test
    void frameworkServerErrorsStayOpaque() {
        ApiException e = ApiErrorHandler.translate(
                new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "pool exhausted at db:5432"));
        assertThat(e.code()).isEqualTo(ErrorCode.E010);
        assertThat(e.getMessage()).isEqualTo("Internal error");
    }

    @Test
    void otherClientStatusesKeepTheirStatus() {
        ApiException e = ApiErrorHandler.translate(new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS));
        assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(e.code()).isEqualTo(ErrorCode.E009);
    }

    @Test
    void beanNamesBecomeSnakeCase() {
        assertThat(ApiErrorHandler.snakeCase("isActive")).isEqualTo("is_active");
        assertThat(ApiErrorHandler.snakeCase("maxHopUsage")).isEqualTo("max_hop_usage");
        assertThat(ApiErrorHandler.snakeCase("code")).isEqualTo("code");
    }
}
