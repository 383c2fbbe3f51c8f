package io.geoprotocol.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.database.Migrations;
import io.geoprotocol.hub.support.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The maintenance commands of the deployment document, each against its own fresh database. */
class MaintenanceCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private DatabaseUrl db;
    private Map<String, String> env;

    @BeforeEach
    void freshDatabase() throws SQLException {
        db = TestPostgres.freshDatabase();
        Migrations.apply(db);
        env = Map.of("DATABASE_URL", TestPostgres.asEnvironmentUrl(db));
        sql("INSERT INTO equivalents (code, precision) VALUES ('UAH', 2)",
                "INSERT INTO participants (pid, public_key, display_name) VALUES ('pa', 'ka', 'A'), ('pb', 'kb', 'B'),"
                        + " ('pc', 'kc', 'C')",
                line("pb", "pa", "100"), line("pc", "pb", "100"), line("pa", "pc", "100"),
                "INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES ('pa', 'pb', 'UAH', 10),"
                        + " ('pb', 'pc', 'UAH', 20), ('pc', 'pa', 'UAH', 30)");
    }

    private static String line(String from, String to, String limit) {
        return "INSERT INTO trust_lines (id, from_pid, to_pid, equivalent, credit_limit) VALUES (gen_random_uuid(), '"
                + from + "', '" + to + "', 'UAH', " + limit + ")";
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private BigDecimal scalar(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private int run(String... args) {
        CommandLine cli = HubCommand.commandLine(HubCommand.withEnvironment(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheMaintenanceCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("clearing-run", "cleanup-locks", "check-integrity", "export-participant",
                "db-stats");
        assertThat(run("clearing-run", "--help")).isZero();
        assertThat(out.toString()).contains("--equivalent", "--mode");
    }

    @Test
    void clearingRunClearsTheTriangleOnceAndReportsIt() throws SQLException {
        assertThat(run("clearing-run")).isZero();

        assertThat(out.toString()).contains("UAH", "cleared_cycles=1", "removed=30.00");
        assertThat(scalar("SELECT sum(amount) FROM debts")).isEqualByComparingTo("30");
        assertThat(scalar("SELECT count(*) FROM transactions WHERE type = 'CLEARING'")).isEqualByComparingTo("1");

        assertThat(run("clearing-run", "--equivalent", "UAH", "--mode", "optimal")).isZero();
        assertThat(out.toString()).contains("mode=optimal cleared_cycles=0");
    }

    @Test
    void clearingRunFailsClearlyForAnUnknownEquivalent() {
        assertThat(run("clearing-run", "--equivalent", "NOPE")).isEqualTo(1);
        assertThat(err.toString()).contains("clearing-run: error:", "NOPE");
    }

    @Test
    void checkIntegrityExitsZeroWhenSoundAndOneOnAViolation() throws SQLException {
        assertThat(run("check-integrity")).isZero();
        assertThat(out.toString()).contains("UAH", "healthy", "Integrity: healthy");

        sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES ('pb', 'pa', 'UAH', 5)",
                "UPDATE debts SET amount = 500 WHERE debtor = 'pc' AND creditor = 'pa'");

        assertThat(run("check-integrity")).isEqualTo(1);
        assertThat(out.toString()).contains("Integrity: critical", "over limit: pc owes pa 500.00 (limit 100.00)",
                "mutual: pa and pb owe each other 10.00 / 5.00",
                "ALERT: Trust limit violations in UAH: 2");
    }

    @Test
    void cleanupLocksReleasesExpiredReservationsAndAbortsAbandonedPayments() throws SQLException {
        sql("INSERT INTO transactions (id, tx_id, type, initiator, equivalent, amount, state, updated_at) VALUES "
                        + "(gen_random_uuid(), 'tx-stuck', 'PAYMENT', 'pa', 'UAH', 5, 'PREPARED', "
                        + "now() - interval '1 hour')",
                "INSERT INTO payment_reservations (id, tx_id, payer, payee, equivalent, amount, expires_at) VALUES "
                        + "(gen_random_uuid(), 'tx-stuck', 'pa', 'pb', 'UAH', 5, now() - interval '50 minutes')");

        assertThat(run("cleanup-locks")).isZero();

        assertThat(out.toString()).contains("aborted_payments=1 released_reservations=");
        assertThat(scalar("SELECT count(*) FROM payment_reservations")).isZero();
        assertThat(scalar("SELECT count(*) FROM transactions WHERE tx_id = 'tx-stuck' AND state = 'ABORTED'"))
                .isEqualByComparingTo("1");
    }

    @Test
    void exportParticipantWritesProfileLinesDebtsAndPayments(@TempDir Path dir) throws Exception {
        sql("INSERT INTO transactions (id, tx_id, type, initiator, counterparty, equivalent, amount, state, "
                + "committed_at, involved) VALUES (gen_random_uuid(), 'tx-1', 'PAYMENT', 'pa', 'pb', 'UAH', 3, "
                + "'COMMITTED', now(), ARRAY['pa', 'pb'])");
        Path file = dir.resolve("out/pa.json");

        assertThat(run("export-participant", "--pid", "pa", "--output", file.toString())).isZero();

        JsonNode export = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(export.get("participant").get("pid").asString()).isEqualTo("pa");
        assertThat(export.get("trust_lines_given")).hasSize(1);
        assertThat(export.get("trust_lines_received")).hasSize(1);
        assertThat(export.get("debts_owed").get(0).get("amount").asString()).isEqualTo("10.00");
        assertThat(export.get("trust_lines_given").get(0).get("credit_limit").asString()).isEqualTo("100.00");
        assertThat(export.get("transactions").get(0).get("amount").asString()).isEqualTo("3.00");
        assertThat(export.get("debts_owed").get(0).has("precision")).isFalse();
        assertThat(export.get("debts_owed_to")).hasSize(1);
        assertThat(export.get("transactions").get(0).get("tx_id").asString()).isEqualTo("tx-1");
        assertThat(out.toString()).contains("Exported pa", "2 trust line(s), 2 debt(s), 1 transaction(s)");

        assertThat(run("export-participant", "--pid", "nobody", "--output", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("Participant nobody does not exist");

        int before = out.toString().length();
        assertThat(run("export-participant", "--pid", "pa")).isZero();
        JsonNode printed = JsonMapper.builder().build().readTree(out.toString().substring(before));
        assertThat(printed.get("participant").get("pid").asString()).isEqualTo("pa");
        assertThat(err.toString()).contains("Exported pa to standard output");
    }

    @Test
    void dbStatsShowsTablesIndexesConnectionsAndDebtTotals() {
        assertThat(run("db-stats")).isZero();

        assertThat(out.toString()).contains("Tables:", "debts", "Indexes:", "debts_pkey", "Connections: total=",
                "Debts per equivalent:", "UAH", " 60.00\n");
        assertThat(out.toString()).doesNotContain("60.00000000");
    }
}
