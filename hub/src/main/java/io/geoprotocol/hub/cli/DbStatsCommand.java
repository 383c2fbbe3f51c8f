package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.money.Amounts;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Row counts, sizes, index use, connections and debt totals: a first look when something is slow. */
@Command(name = "db-stats", mixinStandardHelpOptions = true,
        description = "Print row counts and sizes of the hub's tables, index usage, active connections and "
                + "debt totals per equivalent.")
class DbStatsCommand implements Callable<Integer> {

    static final String[] TABLES = {"participants", "equivalents", "trust_lines", "debts", "transactions",
        "payment_reservations", "auth_challenges", "audit_log", "integrity_checkpoints", "integrity_audit_log",
        "runtime_settings"};

    @ParentCommand
    private HubCommand hub;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HubSettings settings = hub.context().settings();
        try (DatabaseRuntime runtime = hub.context().database(settings)) {
            DatabaseUrl url = runtime.url();
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
                out.println("Tables:");
                out.printf("  %-24s %12s %12s%n", "TABLE", "ROWS", "SIZE");
                for (String table : TABLES) {
                    var row = JdbcRows.query(c, "SELECT (SELECT count(*) FROM " + table + ") AS n, "
                            + "pg_size_pretty(pg_total_relation_size(?::regclass)) AS size", table).get(0);
                    out.printf("  %-24s %12s %12s%n", table, row.get("n"), row.get("size"));
                }

                out.println("Indexes:");
                out.printf("  %-44s %-22s %12s %10s%n", "INDEX", "TABLE", "SCANS", "SIZE");
                for (Map<String, Object> row : JdbcRows.query(c, """
                        SELECT indexrelname AS index, relname AS table, idx_scan AS scans,
                               pg_size_pretty(pg_relation_size(indexrelid)) AS size
                        FROM pg_stat_user_indexes WHERE schemaname = current_schema()
                        ORDER BY relname, indexrelname""")) {
                    out.printf("  %-44s %-22s %12s %10s%n", row.get("index"), row.get("table"), row.get("scans"),
                            row.get("size"));
                }

                var connections = JdbcRows.query(c, """
                        SELECT count(*) AS total, count(*) FILTER (WHERE state = 'active') AS active,
                               count(*) FILTER (WHERE state = 'idle in transaction') AS idle_in_transaction
                        FROM pg_stat_activity WHERE datname = current_database()""").get(0);
                out.printf("Connections: total=%s active=%s idle_in_transaction=%s%n", connections.get("total"),
                        connections.get("active"), connections.get("idle_in_transaction"));

                out.println("Debts per equivalent:");
                out.printf("  %-16s %8s %24s%n", "EQUIVALENT", "DEBTS", "TOTAL");
                for (Map<String, Object> row : JdbcRows.query(c, """
                        SELECT e.code, e.precision, count(d.amount) AS debts, COALESCE(sum(d.amount), 0) AS total
                        FROM equivalents e LEFT JOIN debts d ON d.equivalent = e.code
                        GROUP BY e.code, e.precision ORDER BY e.code""")) {
                    String total = Amounts.report(new BigDecimal((String) row.get("total")),
                            ((Number) row.get("precision")).intValue());
                    out.printf("  %-16s %8s %24s%n", row.get("code"), row.get("debts"), total);
                }
                out.printf("Database: %s%n", url.describe());
            }
            out.flush();
            return 0;
        }
    }
}
