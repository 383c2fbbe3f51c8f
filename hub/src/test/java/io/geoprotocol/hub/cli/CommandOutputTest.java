package io.geoprotocol.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.crypto.DemoKeys;
import io.geoprotocol.hub.support.HubProcess;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commands as an operator runs them, each its own process on the embedded database (whose
 * start is logged): standard output carries only the report, so it can be redirected to a file.
 */
class CommandOutputTest {

    @TempDir
    Path dir;

    @Test
    void reportsAreAloneOnStandardOutputAndLogLinesGoToStandardError() {
        Map<String, String> env = Map.of("GEO_DATA_DIR", dir.resolve("data").toString(), "LOG_LEVEL", "INFO");

        HubProcess.CommandResult seed = HubProcess.command(env, dir, "seed");
        assertThat(seed.exit()).as(seed.stderr()).isZero();
        assertThat(seed.stdout()).startsWith("Seed loaded;");
        assertNoLogLines(seed.stdout());
        assertThat(seed.stderr()).contains("event=embedded_postgres_started");

        String alice = DemoKeys.of("alice").pid();
        HubProcess.CommandResult export = HubProcess.command(env, dir, "export-participant", "--pid", alice);
        assertThat(export.exit()).as(export.stderr()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(export.stdout());
        assertThat(json.get("participant").get("pid").asString()).isEqualTo(alice);
        assertThat(json.get("trust_lines_given").get(0).get("credit_limit").asString()).matches("\\d+\\.\\d{2}");
        assertThat(export.stderr()).contains("event=embedded_postgres_started", "Exported " + alice);

        HubProcess.CommandResult stats = HubProcess.command(env, dir, "db-stats");
        assertThat(stats.exit()).as(stats.stderr()).isZero();
        assertThat(stats.stdout()).startsWith("Tables:").contains("Debts per equivalent:");
        assertNoLogLines(stats.stdout());

        HubProcess.CommandResult info = HubProcess.command(env, dir, "migrate", "--info");
        assertThat(info.exit()).as(info.stderr()).isZero();
        assertThat(info.stdout()).startsWith("VERSION");
        assertNoLogLines(info.stdout());
    }

    private static void assertNoLogLines(String stdout) {
        assertThat(Arrays.asList(stdout.split("\n")))
                .noneMatch(line -> line.matches(".*\\b(TRACE|DEBUG|INFO|WARN|ERROR)\\b.*")
                        || line.contains("event=") || line.contains("EmbeddedPostgres"));
    }
}
