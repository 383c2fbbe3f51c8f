package io.geoprotocol.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void readsMetricNamesButNotFunctionsLabelsGroupingsOrDurations() {
        String expr = "sum by (path) (rate(geo_http_requests_total{status=~\"5..\", path!=\"/x{y}\"}[5m]))"
                + " / ignoring(status) sum(rate(geo_http_requests_total[5m])) > 0.05"
                + " and on(instance) histogram_quantile(0.99, sum by (le) "
                + "(rate(geo_http_request_duration_seconds_bucket[1h]))) > bool 1e3";

        assertThat(PromQl.metricNames(expr))
                .containsExactly("geo_http_request_duration_seconds_bucket", "geo_http_requests_total");
    }

    @Test
    void readsABareSelectorAndOffset() {
        assertThat(PromQl.metricNames("geo_integrity_status offset 5m == 0"))
                .containsExactly("geo_integrity_status");
    }
}
