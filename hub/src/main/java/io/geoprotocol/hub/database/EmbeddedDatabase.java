package io.geoprotocol.hub.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from binaries packaged on Maven Central, so the hub runs on a
 * machine with only a JDK. Its data directory survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE_NAME = "geo_hub";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final DatabaseUrl url;
    private final boolean freshDataDirectory;
    private final FileLock ownership;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseUrl url, boolean freshDataDirectory,
            FileLock ownership) {
        this.postgres = postgres;
        this.url = url;
        this.freshDataDirectory = freshDataDirectory;
        this.ownership = ownership;
    }

    /** Starts (initialising on first use) a server whose data lives under {@code dataDirectory}. */
    public static EmbeddedDatabase start(Path dataDirectory) {
        Path pgData = dataDirectory.toAbsolutePath().resolve("pgdata");
        boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
        FileLock ownership = own(dataDirectory.toAbsolutePath());
        try {
            Files.createDirectories(pgData);
            stopOrphanedServer(pgData);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    // The embedded server's library defaults to asynchronous commit; money must be durable.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("shared_buffers", "128MB")
                    .start();
            ensureDatabase(postgres);

            DatabaseUrl url = new DatabaseUrl("localhost", postgres.getPort(), DATABASE_NAME, "postgres", "",
                    Map.of());
            log.info("event=embedded_postgres_started port={} data_dir={} fresh={}", postgres.getPort(), pgData,
                    fresh);
            return new EmbeddedDatabase(postgres, url, fresh, ownership);
        } catch (IOException | RuntimeException e) {
            release(ownership);
            throw new IllegalStateException("Could not start the embedded PostgreSQL under " + pgData + ": "
                    + e.getMessage(), e);
        }
    }

    /** Fails, as {@link #start} would, when another hub process uses the folder; holds nothing. */
    public static void ensureNotInUse(Path dataDirectory) {
        Path folder = dataDirectory.toAbsolutePath();
        if (!Files.isDirectory(folder)) {
            return;
        }
        release(own(folder));
    }

    /**
     * Only one hub process may use a data folder. The lock is the operating system's, so it goes
     * away with the process however that process ends.
     */
    private static FileLock own(Path folder) {
        try {
            Files.createDirectories(folder);
            FileChannel channel = FileChannel.open(folder.resolve("hub.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another GEO Hub process is using " + folder
                        + "; stop it first, or set GEO_DATA_DIR to another folder (or DATABASE_URL)");
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock the data folder " + folder, e);
        }
    }

    /**
     * A hub killed without a chance to stop its server (SIGKILL, power loss of the JVM only)
     * leaves that server running. Holding the folder's lock proves no hub owns it any more, so the
     * leftover server is stopped before a new one starts.
     */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return;
        }

        Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (server.isEmpty()) {
            return;
        }
        log.warn("event=embedded_postgres_orphan_stopping pid={} data_dir={}", pid, pgData);
        server.get().destroy();
        try {
            server.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            server.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("event=embedded_postgres_orphan_wait_failed pid={}", pid);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            log.debug("event=data_folder_unlock_failed error=\"{}\"", e.getMessage());
        }
    }

    public DatabaseUrl url() {
        return url;
    }

    public boolean freshDataDirectory() {
        return freshDataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("event=embedded_postgres_stopped");
        } catch (IOException e) {
            log.warn("event=embedded_postgres_stop_failed error=\"{}\"", e.getMessage());
        } finally {
            release(ownership);
        }
    }

    private static void ensureDatabase(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE_NAME + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE_NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the embedded database " + DATABASE_NAME, e);
        }
    }
}
