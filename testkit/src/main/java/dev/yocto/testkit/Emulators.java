package dev.yocto.testkit;

import dev.yocto.emulator.MotoInstallation;
import dev.yocto.emulator.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * The emulator of this test JVM, started on first use and shared by every test class in it:
 * moto server by default, LocalStack when {@code YOCTO_TEST_EMULATOR=localstack}.
 */
public final class Emulators {

    private static AwsEmulator shared;

    private Emulators() {
    }

    public static synchronized AwsEmulator shared() {
        if (shared == null) {
            shared = "localstack".equalsIgnoreCase(System.getenv("YOCTO_TEST_EMULATOR"))
                    ? LocalStackEmulator.start()
                    : startMoto();
        }
        return shared;
    }

    private static AwsEmulator startMoto() {
        MotoInstallation installation = MotoInstallation.ensure(MotoInstallation.defaultCacheDir(),
                message -> System.err.println("[testkit] " + message));
        MotoServer server = MotoServer.startChild(installation,
                Path.of("target", "moto-" + ProcessHandle.current().pid() + ".log"));
        return new AwsEmulator() {
            @Override
            public String name() {
                return "moto " + MotoInstallation.MOTO_VERSION;
            }

            @Override
            public URI endpoint() {
                return server.endpoint();
            }

            @Override
            public void reset() {
                server.reset();
            }

            @Override
            public Set<String> missingServices() {
                return Set.of();
            }
        };
    }
}
