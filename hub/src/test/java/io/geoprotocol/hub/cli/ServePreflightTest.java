package io.geoprotocol.hub.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geoprotocol.hub.config.InvalidSettingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServePreflightTest {

    @TempDir
    Path dataDir;

    private static void check(Map<String, String> env) {
        ServePreflight.check(new HashMap<>(env)::get);
    }

    @Test
    void aPortThatIsNotANumberIsOneLineNamingTheVariable() {
        assertThatThrownBy(() -> check(Map.of("PORT", "eighty", "GEO_DATA_DIR", dataDir.toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PORT must be a whole number, got 'eighty'");
    }

    @Test
    void anUnknownLogLevelIsRefusedBeforeTheServerStarts() {
        assertThatThrownBy(() -> check(Map.of("LOG_LEVEL", "LOUD", "GEO_DATA_DIR", dataDir.toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LOG_LEVEL must be one of")
                .hasMessageContaining("got 'LOUD'");
    }

    @Test
    void placeholderSecretsOutsideDevModeAreRefused() {
        assertThatThrownBy(() -> check(Map.of("DATABASE_URL", "postgresql://db/geo_hub",
                "JWT_SECRET", "REPLACE-ME-REPLACE-ME-REPLACE-ME-REPLACE-ME",
                "ADMIN_TOKEN", "REPLACE-ME-REPLACE-ME")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("placeholder");
    }

    @Test
    void aDataFolderHeldByAnotherHubProcessIsRefusedAndAFreeOneIsNotHeldAfterwards() throws Exception {
        Map<String, String> env = Map.of("GEO_DATA_DIR", dataDir.toString());
        assertThatCode(() -> check(env)).doesNotThrowAnyException();
        assertThatCode(() -> check(env)).doesNotThrowAnyException();

        Process other = holdLockInAnotherProcess(dataDir.toAbsolutePath().resolve("hub.lock"));
        try {
            assertThatThrownBy(() -> check(env)).hasMessageContaining("Another GEO Hub process");
        } finally {
            other.destroyForcibly().waitFor();
        }
        assertThatCode(() -> check(env)).doesNotThrowAnyException();
    }

    /** A second JVM taking the folder's lock the way a running hub does; returns once it holds it. */
    private Process holdLockInAnotherProcess(Path lockFile) throws IOException {
        Path source = dataDir.resolveSibling(dataDir.getFileName() + "-Holder.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;
                class Holder {
                    public static void main(String[] args) throws Exception {
                        var channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        channel.lock();
                        System.out.println("held");
                        Thread.sleep(60_000);
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        source.toFile().deleteOnExit();
        Process process = new ProcessBuilder(java, source.toString(), lockFile.toString())
                .redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line = reader.readLine();
        if (!"held".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("lock holder did not start: " + line);
        }
        return process;
    }
}
