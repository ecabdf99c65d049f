package dev.yocto.app.testing;

/** One PostgreSQL server per test JVM; each test class gets its own database in it. */
public final class SharedPostgres {

    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    public static synchronized EmbeddedPostgres get() {
        if (server == null) {
            server = EmbeddedPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shared-postgres-stop"));
        }
        return server;
    }
}
