package io.geoprotocol.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.database.Migrations;
import io.geoprotocol.hub.support.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's commands, run in-process with an injected environment. */
class HubCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = HubCommand.commandLine(HubCommand.withEnvironment(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("serve", "migrate", "seed", "Commands:", "docs/configuration.md");
    }

    @Test
    void migrateHelpDescribesInfo() {
        assertThat(run(Map.of(), "migrate", "--help")).isZero();
        assertThat(out.toString()).contains("--info", "Apply pending database migrations");
    }

    @Test
    void migrateAppliesTheSchemaOnceAndInfoReportsIt() {
        DatabaseUrl db = TestPostgres.freshDatabase();
        Map<String, String> env = Map.of("DATABASE_URL", TestPostgres.asEnvironmentUrl(db));

        assertThat(run(env, "migrate")).isZero();
        assertThat(out.toString()).contains("Applied 1 migration(s)").contains(db.database());
        assertThat(Migrations.flyway(db).info().pending()).isEmpty();

        assertThat(run(env, "migrate")).isZero();
        assertThat(out.toString()).contains("Applied 0 migration(s)");

        assertThat(run(env, "migrate", "--info")).isZero();
        assertThat(out.toString()).contains("VERSION").contains("domain").contains("SUCCESS");
    }

    @Test
    void seedMigratesAndLoadsTheDemoCommunityOnce() {
        DatabaseUrl db = TestPostgres.freshDatabase();
        Map<String, String> env = Map.of("DATABASE_URL", TestPostgres.asEnvironmentUrl(db));

        assertThat(run(env, "seed")).isZero();
        assertThat(out.toString()).contains("equivalents=3 participants=6 trust_lines=13");

        assertThat(run(env, "seed")).isZero();
        assertThat(out.toString()).contains("equivalents=0 participants=0 trust_lines=0");
    }

    @Test
    void badSettingIsOneClearLineAndExitCode2() {
        int exit = run(Map.of("DATABASE_URL", "mysql://u@h/db"), "migrate");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("geo-hub migrate: error: DATABASE_URL has scheme 'mysql'; "
                        + "expected postgresql://, postgres:// or postgresql+asyncpg://");
    }

    @Test
    void failingCommandIsOneLineAndExitCode1() {
        DatabaseUrl db = TestPostgres.freshDatabase();
        Map<String, String> env = Map.of("DATABASE_URL", TestPostgres.asEnvironmentUrl(db));

        int exit = run(env, "seed", "--file", "/nonexistent/community.json");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("geo-hub seed: error: Could not read seed file")
                .doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }
}
