package io.geoprotocol.hub.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Ledger;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A payment that cannot get its line locks within its {@code timeout_ms} ends ABORTED with E007,
 * moves nothing, leaves nothing locked, and its replay answers the same stored result.
 */
class PaymentTimeoutTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Test
    void paymentBlockedOnALockedLinePastItsTimeoutAbortsWithE007AndMovesNothing() throws SQLException {
        TestCommunity community = new TestCommunity(db, tokens);
        Ledger ledger = new Ledger(db);
        String eq = community.equivalent(2);
        Member a = community.member("A");
        Member b = community.member("B");
        UUID line = community.trustLine(b, a, eq, "100.00");
        ObjectNode constraints = JsonNodeFactory.instance.objectNode().put("timeout_ms", 700);
        ObjectNode body = Payments.body(a, Payments.newTxId(), b, eq, "10.00", constraints);

        String first;
        try (Connection holder = lockLine(line)) {
            first = Payments.post(client, a, body).expectStatus().isEqualTo(504)
                    .expectBody(String.class).returnResult().getResponseBody();
            holder.rollback();
        }

        assertThat(first).contains("\"status\":\"ABORTED\"").contains("\"code\":\"E007\"");
        assertThat(ledger.debt(a, b, eq)).isZero();
        String replay = Payments.post(client, a, body).expectStatus().isEqualTo(504)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(replay).isEqualTo(first);
        Payments.pay(client, a, b, eq, "10.00").expectStatus().isOk();
        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("10");
    }

    /** Another session holds the line's row lock until the returned connection rolls back. */
    private static Connection lockLine(UUID line) throws SQLException {
        DatabaseUrl url = sharedDatabase();
        Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        connection.setAutoCommit(false);
        String sql = "SELECT 1 FROM trust_lines WHERE id = ? FOR UPDATE";
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setObject(1, line);
            lock.executeQuery().close();
        }
        return connection;
    }
}
