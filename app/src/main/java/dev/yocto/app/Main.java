package dev.yocto.app;

import dev.yocto.app.config.AppConfig;
import dev.yocto.app.config.ConfigException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code java -jar app.jar}: configured by environment variables only (see app/README.md). */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            LOG.error(e.getMessage());
            System.exit(2);
            return;
        }
        Application app;
        try {
            app = Application.start(config);
        } catch (ConfigException e) {
            LOG.error(e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("start-up failed", e);
            System.exit(1);
            return;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        // Fargate (and Spot interruptions) send SIGTERM: drain, close, and exit 0 rather than 143.
        SignalHandler stop = signal -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("received SIG{}", signal.getName());
                app.close();
                System.exit(0);
            }
        };
        Signal.handle(new Signal("TERM"), stop);
        Signal.handle(new Signal("INT"), stop);
    }
}
