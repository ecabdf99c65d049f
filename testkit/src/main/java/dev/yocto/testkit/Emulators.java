package dev.yocto.testkit;

import dev.yocto.emulator.MotoInstallation;
import dev.yocto.emulator.MotoServer;
import java.net.URI;
import java.nio.file.Path;

/**
 * The emulator of this test JVM, started on first use and shared by every test class in it:
 * moto server by default, LocalStack when {@code YOCTO_TEST_EMULATOR=localstack} (the LocalStack
 * suite's surefire execution sets it; see {@link LocalStackSuite}).
 */
public final class Emulators {

    private static AwsEmulator shared;

    private Emulators() {
    }

    public static synchronized AwsEmulator shared() {
        if (shared == null) {
            shared = localStack() ? LocalStackEmulator.start()
                    : startMoto();
        }
        return shared;
    }

    /** For tests that start LocalStack themselves (yocto --local --emulator localstack): Docker and the image. */
    public static void requireLocalStackImage() {
        LocalStackEmulator.requireImage(dev.yocto.emulator.LocalStack.IMAGE);
    }

    /** True in a test JVM that runs against LocalStack. */
    public static boolean localStack() {
        return "localstack".equalsIgnoreCase(System.getenv("YOCTO_TEST_EMULATOR"));
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
            public boolean offers(String service) {
                return true;
            }
        };
    }
}
