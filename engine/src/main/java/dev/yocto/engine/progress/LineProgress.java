package dev.yocto.engine.progress;

import dev.yocto.resources.api.Address;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * One plain line per event, for logs, pipes and CI. A start is printed with {@code --verbose}, or
 * when AWS usually takes long for it; every line of a resource in flight then says how long that is.
 */
public final class LineProgress implements Progress {

    private final PrintWriter out;
    private final boolean verbose;
    private final Map<Address, String> usually = new HashMap<>();

    public LineProgress(PrintWriter out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public synchronized void accept(Event event) {
        switch (event.type()) {
            case STARTED -> {
                if (!event.usually().isEmpty()) {
                    usually.put(event.address(), event.usually());
                }
                if (verbose || !event.usually().isEmpty()) {
                    out.println("  ... " + event.address() + ": " + event.message() + usually(event.address()));
                }
            }
            case PROGRESS -> out.println("  ... " + event.address() + ": " + event.message() + usually(event.address()));
            case FINISHED -> {
                usually.remove(event.address());
                out.println("  " + symbol(event.message()) + " " + event.address() + " " + event.message()
                        + seconds(event));
            }
            case FAILED -> {
                usually.remove(event.address());
                out.println("  ! " + event.address() + " failed: " + event.message() + seconds(event));
            }
        }
        out.flush();
    }

    private String usually(Address address) {
        String typical = usually.get(address);
        return typical == null ? "" : ", " + typical;
    }

    static String symbol(String message) {
        if (message.startsWith("created")) {
            return "+";
        }
        if (message.startsWith("deleted")) {
            return "-";
        }
        if (message.startsWith("updated") || message.startsWith("replaced")) {
            return "~";
        }
        return "=";
    }

    static String seconds(Event event) {
        return event.elapsed().isZero() ? "" : String.format(" (%.1f s)", event.elapsed().toMillis() / 1000.0);
    }

    @Override
    public synchronized void note(String message) {
        out.println(message);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
