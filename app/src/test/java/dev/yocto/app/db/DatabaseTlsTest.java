package dev.yocto.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.app.config.AppConfig;
import dev.yocto.app.config.ConfigException;
import dev.yocto.app.testing.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production's {@code sslmode=verify-full} against a real PostgreSQL speaking TLS with a
 * certificate for {@code localhost} from a CA made here (openssl): the connection is encrypted,
 * another CA or another host name is refused, and a missing bundle stops the start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseTlsTest {

    private Path dir;
    private EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1",
                "-subj", "/CN=yocto test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.crt", "-days", "1",
                "-subj", "/CN=someone else's CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "1", "-extfile", "san.ext");
        postgres = EmbeddedPostgres.startWithTls(dir.resolve("server.crt"), dir.resolve("server.key"));
        database = postgres.createDatabase("tls");
    }

    @AfterAll
    void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void verifyFull_withTheRightCa_connectsEncrypted() throws Exception {
        try (Database db = Database.connectAndMigrate(config("localhost", "verify-full", dir.resolve("ca.crt")));
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getBoolean(1)).as("the session is encrypted").isTrue();
        }
    }

    @Test
    void verifyFull_refusesAnotherCa_andAnotherHostName() {
        assertThatThrownBy(() -> connect(config("localhost", "verify-full", dir.resolve("other.crt"))))
                .as("certificate from a CA not in the bundle").isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL");
        assertThatThrownBy(() -> connect(config("127.0.0.1", "verify-full", dir.resolve("ca.crt"))))
                .as("certificate for another host name").isInstanceOf(SQLException.class)
                .hasMessageContaining("hostname 127.0.0.1 could not be verified");
        assertThat(catchConnect(config("127.0.0.1", "verify-ca", dir.resolve("ca.crt"))))
                .as("the same server, host name not checked: so the refusal above is the name's").isNull();
    }

    @Test
    void anEmptyOrMissingBundle_stopsTheStart_withTheReason() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pem"));
        assertThatThrownBy(() -> Database.connectAndMigrate(config("localhost", "verify-full", empty)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("holds no certificate")
                .hasMessageContaining("https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
        assertThatThrownBy(() -> Database.connectAndMigrate(config("localhost", "verify-full", dir.resolve("absent.pem"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing");
    }

    private Throwable catchConnect(AppConfig.Postgres config) {
        try {
            connect(config);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private void connect(AppConfig.Postgres config) throws SQLException {
        Properties properties = Database.tlsProperties(config);
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        properties.setProperty("connectTimeout", "10");
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), properties)) {
            c.isValid(5);
        }
    }

    private AppConfig.Postgres config(String host, String sslMode, Path bundle) {
        return new AppConfig.Postgres(host, postgres.port(), EmbeddedPostgres.SUPERUSER, postgres.password(), database,
                sslMode, Optional.of(bundle));
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl " + String.join(" ", args) + ": " + output).isZero();
    }
}
