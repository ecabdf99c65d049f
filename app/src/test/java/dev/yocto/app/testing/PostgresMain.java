package dev.yocto.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Used by {@code app/dev-server}: starts a throwaway PostgreSQL with database {@code yoctogram},
 * writes its connection settings as shell variables to the file given as argument, and runs until
 * it is terminated (or its parent process dies), removing its data on the way out.
 */
public final class PostgresMain {

    public static final String DATABASE = "yoctogram";

    private PostgresMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: PostgresMain ENV_FILE");
            System.exit(2);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "postgres-stop"));
        postgres.createDatabase(DATABASE);

        Path envFile = Path.of(args[0]);
        Path temp = Files.createTempFile(envFile.toAbsolutePath().getParent(), "postgres", ".env",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, String.join("\n",
                "POSTGRES_HOST=" + postgres.host(),
                "POSTGRES_PORT=" + postgres.port(),
                "POSTGRES_USER=" + EmbeddedPostgres.SUPERUSER,
                "POSTGRES_PASSWORD=" + postgres.password(),
                "POSTGRES_DB=" + DATABASE, ""));
        Files.move(temp, envFile, StandardCopyOption.ATOMIC_MOVE);

        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        while (parent.map(ProcessHandle::isAlive).orElse(true)) {
            Thread.sleep(1000);
        }
        System.exit(0);
    }
}
