package io.geoprotocol.hub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geoprotocol.hub.crypto.DemoKeys;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema from an empty database, and the constraints that guard the invariants. */
class MigrationsTest {

    private static final List<String> TABLES = List.of("audit_log", "auth_challenges", "debts", "equivalents",
            "integrity_audit_log", "integrity_checkpoints", "participants", "payment_reservations",
            "runtime_settings", "transactions", "trust_lines");

    private DatabaseUrl url;
    private Connection c;

    @BeforeEach
    void migrateFreshDatabase() throws SQLException {
        url = TestPostgres.freshDatabase();
        var result = Migrations.apply(url);
        assertThat(result.migrationsExecuted).isPositive();
        assertThat(result.initialSchemaVersion).isNull();
        c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void createsEveryTable() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).containsExactlyInAnyOrderElementsOf(TABLES);
    }

    @Test
    void runningAgainAppliesNothing() {
        var again = Migrations.apply(url);

        assertThat(again.migrationsExecuted).isZero();
        assertThat(again.initialSchemaVersion).isNotNull();
        assertThat(Migrations.flyway(url).info().pending()).isEmpty();
    }

    @Test
    void debtsMustBePositive() throws SQLException {
        String[] pids = twoParticipantsAndEquivalent();

        assertRejected("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES ('" + pids[0] + "', '"
                + pids[1] + "', 'UAH', 0)", "debts_amount_check");
        assertRejected("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES ('" + pids[0] + "', '"
                + pids[1] + "', 'UAH', -5)", "debts_amount_check");
        exec("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES ('" + pids[0] + "', '" + pids[1]
                + "', 'UAH', 0.00000001)");
    }

    @Test
    void noSelfTrustLine() throws SQLException {
        String[] pids = twoParticipantsAndEquivalent();

        assertRejected(line(pids[0], pids[0], "active"), "trust_lines_no_self");
    }

    @Test
    void oneLiveLinePerTripleWhileClosedOnesMayCoexist() throws SQLException {
        String[] pids = twoParticipantsAndEquivalent();
        exec(line(pids[0], pids[1], "closed"));
        exec(line(pids[0], pids[1], "active"));
        exec(line(pids[0], pids[1], "closed"));

        assertRejected(line(pids[0], pids[1], "frozen"), "trust_lines_live_triple_uq");
        exec(line(pids[1], pids[0], "active"));
    }

    @Test
    void unknownStatusesAreRejected() throws SQLException {
        String[] pids = twoParticipantsAndEquivalent();

        assertRejected(line(pids[0], pids[1], "paused"), "trust_lines_status_check");
        assertRejected("UPDATE participants SET status = 'banned' WHERE pid = '" + pids[0] + "'",
                "participants_status_check");
        assertRejected("INSERT INTO transactions (id, tx_id, type, state) VALUES ('" + UUID.randomUUID()
                + "', 'tx-1', 'PAYMENT', 'DONE')", "transactions_state_check");
    }

    @Test
    void equivalentCodeAndPrecisionAreChecked() {
        assertRejected("INSERT INTO equivalents (code, precision) VALUES ('uah', 2)", "equivalents_code_check");
        assertRejected("INSERT INTO equivalents (code, precision) VALUES ('X', 9)", "equivalents_precision_check");
    }

    private String[] twoParticipantsAndEquivalent() throws SQLException {
        DemoKeys a = TestCommunity.freshKeys();
        DemoKeys b = TestCommunity.freshKeys();
        exec("INSERT INTO equivalents (code, precision) VALUES ('UAH', 2)");
        for (DemoKeys k : List.of(a, b)) {
            exec("INSERT INTO participants (pid, public_key, display_name) VALUES ('" + k.pid() + "', '"
                    + k.publicKeyBase64() + "', 'x')");
        }
        return new String[] {a.pid(), b.pid()};
    }

    private static String line(String from, String to, String status) {
        return "INSERT INTO trust_lines (id, from_pid, to_pid, equivalent, credit_limit, status) VALUES ('"
                + UUID.randomUUID() + "', '" + from + "', '" + to + "', 'UAH', 10, '" + status + "')";
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void assertRejected(String sql, String constraint) {
        assertThatThrownBy(() -> exec(sql)).isInstanceOf(SQLException.class).hasMessageContaining(constraint);
    }
}
