package io.geoprotocol.hub.trustlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geoprotocol.hub.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TrustLinePolicyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void mergeReplacesOnlyTheKeysSent() {
        TrustLinePolicy start = TrustLinePolicy.DEFAULT.merge(
                JSON.readTree("{\"auto_clearing\":false,\"max_hop_usage\":4,\"blocked_participants\":[\"abc\"]}"), 2);

        TrustLinePolicy merged = start.merge(JSON.readTree("{\"can_be_intermediate\":false}"), 2);

        assertThat(merged).isEqualTo(new TrustLinePolicy(false, false, 4, null, List.of("abc")));
    }

    @Test
    void nullResetsAKeyToItsDefault() {
        TrustLinePolicy start = new TrustLinePolicy(false, false, 3, new java.math.BigDecimal("5.00"), List.of("x"));

        TrustLinePolicy reset = start.merge(JSON.readTree("{\"auto_clearing\":null,\"can_be_intermediate\":null,"
                + "\"max_hop_usage\":null,\"daily_limit\":null,\"blocked_participants\":null}"), 2);

        assertThat(reset).isEqualTo(TrustLinePolicy.DEFAULT);
    }

    @Test
    void wireFormHasEveryKeyWithAmountsAtThePrecision() {
        TrustLinePolicy policy = TrustLinePolicy.DEFAULT.merge(JSON.readTree("{\"daily_limit\":\"7.5\"}"), 3);

        assertThat(policy.toJson(3).toString()).isEqualTo("{\"auto_clearing\":true,\"can_be_intermediate\":true,"
                + "\"max_hop_usage\":null,\"daily_limit\":\"7.500\",\"blocked_participants\":[]}");
    }

    @Test
    void hugeHopCountAndNonObjectPolicyAreRefused() {
        assertThatThrownBy(() -> TrustLinePolicy.DEFAULT.merge(JSON.readTree("{\"max_hop_usage\":3000000000}"), 2))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> TrustLinePolicy.DEFAULT.merge(JSON.readTree("[1]"), 2))
                .isInstanceOf(ApiException.class);
    }
}
