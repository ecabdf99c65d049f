package dev.yocto.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL server on 127.0.0.1 with its data in a temp directory. PostgreSQL refuses
 * to run as root, so when this JVM is root the server runs as {@code nobody} through {@code setpriv},
 * in a data directory that user owns.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final Process server;
    private final int port;
    private final String password;

    private EmbeddedPostgres(Path workDir, Process server, int port, String password) {
        this.workDir = workDir;
        this.server = server;
        this.port = port;
        this.password = password;
    }

    public static EmbeddedPostgres start() {
        return start(null, null);
    }

    /** A server that also speaks TLS with this certificate chain and key (PEM files). */
    public static EmbeddedPostgres startWithTls(Path certificate, Path key) {
        return start(certificate, key);
    }

    private static EmbeddedPostgres start(Path certificate, Path key) {
        Path binaries = PostgresBinaries.unpacked();
        try {
            Path workDir = Files.createTempDirectory("yocto-pg-");
            RunAs runAs = RunAs.current();
            runAs.own(workDir);
            String password = UUID.randomUUID().toString();
            Path passwordFile = workDir.resolve("pwfile");
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            runAs.own(passwordFile);

            Path data = workDir.resolve("data");
            run(runAs.command(binaries.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"),
                    workDir, workDir.resolve("initdb.log"));

            int port = freePort();
            List<String> postgres = runAs.command(binaries.resolve("bin/postgres").toString(), "-D", data.toString(),
                    "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", workDir.toString(),
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=200");
            if (certificate != null) {
                Path ownCertificate = Files.copy(certificate, workDir.resolve("server.crt"));
                Path ownKey = Files.copy(key, workDir.resolve("server.key"));
                runAs.own(ownCertificate);
                runAs.own(ownKey);
                postgres.addAll(List.of("-c", "ssl=on", "-c", "ssl_cert_file=" + ownCertificate,
                        "-c", "ssl_key_file=" + ownKey));
            }
            Process server = new ProcessBuilder(postgres).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("postgres.log").toFile()).start();
            EmbeddedPostgres instance = new EmbeddedPostgres(workDir, server, port, password);
            instance.awaitReady();
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException("starting PostgreSQL failed", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database owned by the superuser; its name is returned. */
    public String createDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed", e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, password);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("postgres exited with " + server.exitValue() + "; see " + log());
            }
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT
                + " (" + (last == null ? "" : last.getMessage()) + "); see " + log());
    }

    private Path log() {
        return workDir.resolve("postgres.log");
    }

    /** Fast shutdown (SIGINT: disconnect clients, no waiting), then the data directory is removed. */
    @Override
    public void close() {
        if (server.isAlive()) {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor(5, TimeUnit.SECONDS);
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                server.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.destroyForcibly();
            }
        }
        deleteRecursively(workDir);
    }

    private static void run(List<String> command, Path dir, Path log) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed: "
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("[postgres] could not remove " + root + ": " + e.getMessage());
        }
    }

    /** Who runs the server: this user, or {@code nobody} when this user is root. */
    private record RunAs(String uid, String gid) {

        static RunAs current() throws IOException {
            if (!"root".equals(System.getProperty("user.name")) && !"0".equals(id("-u", null))) {
                return new RunAs(null, null);
            }
            return new RunAs(id("-u", "nobody"), id("-g", "nobody"));
        }

        List<String> command(String... args) {
            List<String> command = new ArrayList<>();
            if (uid != null) {
                command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                        "--inh-caps=-all"));
            }
            command.addAll(List.of(args));
            return command;
        }

        void own(Path path) throws IOException {
            if (uid != null) {
                exec("chown", uid + ":" + gid, path.toString());
            }
            Files.setPosixFilePermissions(path, Files.isDirectory(path)
                    ? java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }

        private static String id(String flag, String user) throws IOException {
            List<String> command = new ArrayList<>(List.of("id", flag));
            if (user != null) {
                command.add(user);
            }
            return exec(command.toArray(String[]::new));
        }

        private static String exec(String... command) throws IOException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            try {
                if (process.waitFor() != 0) {
                    throw new IOException(String.join(" ", command) + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return output;
        }
    }
}
