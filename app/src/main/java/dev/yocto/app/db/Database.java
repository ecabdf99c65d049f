package dev.yocto.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.yocto.app.config.AppConfig;
import dev.yocto.app.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool, migrated to the current schema before anything else uses it. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Database connectAndMigrate(AppConfig.Postgres postgres) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(postgres.jdbcUrl());
        hikari.setUsername(postgres.user());
        hikari.setPassword(postgres.password());
        hikari.setDataSourceProperties(tlsProperties(postgres));
        hikari.setMaximumPoolSize(10);
        hikari.setPoolName("yoctogram");
        // Aurora Serverless v2 may take a while to resume; wait for it instead of failing the task.
        hikari.setInitializationFailTimeout(60_000);
        hikari.setConnectionTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    /** pgjdbc's TLS settings for this database: {@code sslmode} and, for the verify modes, {@code sslrootcert}. */
    public static Properties tlsProperties(AppConfig.Postgres postgres) {
        Properties properties = new Properties();
        properties.setProperty("sslmode", postgres.sslMode());
        postgres.sslRootCert().ifPresent(bundle -> {
            checkBundle(bundle, postgres.sslMode());
            properties.setProperty("sslrootcert", bundle.toString());
        });
        return properties;
    }

    /** A missing or empty bundle would fail every connection with a TLS error; say why up front. */
    private static void checkBundle(Path bundle, String sslMode) {
        int certificates;
        try (InputStream in = Files.newInputStream(bundle)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).size();
        } catch (IOException | CertificateException e) {
            certificates = 0;
        }
        if (certificates == 0) {
            throw new ConfigException("POSTGRES_SSLMODE is " + sslMode + " but the CA bundle " + bundle
                    + " is missing or holds no certificate. The image's copy of Amazon RDS's bundle is fetched by"
                    + " 'mvn package' from https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem;"
                    + " rebuild where that address is reachable, or point POSTGRES_SSLROOTCERT at a bundle");
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
