package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.money.Amounts;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Everything the hub holds about one participant, as one JSON file. */
@Command(name = "export-participant", mixinStandardHelpOptions = true,
        description = "Write one participant's profile, trust lines (both ways), debts (both ways) and payment "
                + "history as JSON, in one consistent snapshot, to --output or standard output.")
class ExportParticipantCommand implements Callable<Integer> {

    private static final String PRECISION =
            "(SELECT e.precision FROM equivalents e WHERE e.code = t.equivalent) AS precision";

    @Option(names = "--pid", required = true, description = "The participant's PID.")
    private String pid;

    @Option(names = "--output", description = "The JSON file to write (replaced if present). Without it, or "
            + "with -, the JSON goes to standard output and the summary line to standard error.")
    private String output;

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
            Map<String, Object> export = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                List<Map<String, Object>> participant = JdbcRows.query(c, """
                        SELECT pid, public_key, display_name, type, status, verification_level, profile,
                               created_at, updated_at
                        FROM participants WHERE pid = ?""", pid);
                if (participant.isEmpty()) {
                    throw new IllegalArgumentException("Participant " + pid + " does not exist");
                }
                export.put("exported_at", Instant.now().toString());
                export.put("participant", participant.get(0));
                export.put("trust_lines_given", withPrecision(JdbcRows.query(c, """
                        SELECT id, from_pid, to_pid, equivalent, credit_limit, auto_clearing, can_be_intermediate,
                               max_hop_usage, daily_limit, blocked_participants, status, created_at, updated_at,
                               %s
                        FROM trust_lines t WHERE from_pid = ? ORDER BY created_at, id""".formatted(PRECISION), pid),
                        "credit_limit", "daily_limit"));
                export.put("trust_lines_received", withPrecision(JdbcRows.query(c, """
                        SELECT id, from_pid, to_pid, equivalent, credit_limit, auto_clearing, can_be_intermediate,
                               max_hop_usage, daily_limit, blocked_participants, status, created_at, updated_at,
                               %s
                        FROM trust_lines t WHERE to_pid = ? ORDER BY created_at, id""".formatted(PRECISION), pid),
                        "credit_limit", "daily_limit"));
                export.put("debts_owed", withPrecision(JdbcRows.query(c, """
                        SELECT debtor, creditor, equivalent, amount, updated_at, %s
                        FROM debts t WHERE debtor = ? ORDER BY equivalent, creditor""".formatted(PRECISION), pid),
                        "amount"));
                export.put("debts_owed_to", withPrecision(JdbcRows.query(c, """
                        SELECT debtor, creditor, equivalent, amount, updated_at, %s
                        FROM debts t WHERE creditor = ? ORDER BY equivalent, debtor""".formatted(PRECISION), pid),
                        "amount"));
                export.put("transactions", withPrecision(JdbcRows.query(c, """
                        SELECT tx_id, type, initiator, counterparty, equivalent, amount, state, routes, error,
                               involved, created_at, committed_at, %s
                        FROM transactions t
                        WHERE initiator = ? OR counterparty = ? OR involved @> ARRAY[?]::varchar[]
                        ORDER BY created_at, tx_id""".formatted(PRECISION), pid, pid, pid), "amount"));
                c.commit();
            }
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            String text = json.writeValueAsString(export);
            PrintWriter summary = out;
            String target;
            if (output == null || output.equals("-")) {
                out.println(text);
                summary = spec.commandLine().getErr();
                target = "standard output";
            } else {
                Path file = Path.of(output);
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, text);
                target = output;
            }
            summary.printf("Exported %s to %s: %d trust line(s), %d debt(s), %d transaction(s).%n", pid, target,
                    size(export, "trust_lines_given") + size(export, "trust_lines_received"),
                    size(export, "debts_owed") + size(export, "debts_owed_to"), size(export, "transactions"));
            summary.flush();
            out.flush();
            return 0;
        }
    }

    /** Shows the named amounts of each row with the row's equivalent precision, then drops the precision. */
    private static List<Map<String, Object>> withPrecision(List<Map<String, Object>> rows, String... amounts) {
        for (Map<String, Object> row : rows) {
            Object precision = row.remove("precision");
            for (String key : amounts) {
                if (row.get(key) instanceof String amount && precision instanceof Number p) {
                    row.put(key, Amounts.report(new BigDecimal(amount), p.intValue()));
                }
            }
        }
        return rows;
    }

    private static int size(Map<String, Object> export, String key) {
        return ((List<?>) export.get(key)).size();
    }
}
