package dev.yocto.engine.progress;

import java.io.PrintWriter;

/** One plain line per event, for logs, pipes and CI. */
public final class LineProgress implements Progress {

    private final PrintWriter out;
    private final boolean verbose;

    public LineProgress(PrintWriter out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public synchronized void accept(Event event) {
        switch (event.type()) {
            case STARTED -> {
                if (verbose) {
                    out.println("  ... " + event.address() + ": " + event.message());
                }
            }
            case PROGRESS -> out.println("  ... " + event.address() + ": " + event.message());
            case FINISHED -> out.println("  " + symbol(event.message()) + " " + event.address() + " " + event.message()
                    + seconds(event));
            case FAILED -> out.println("  ! " + event.address() + " failed: " + event.message() + seconds(event));
        }
        out.flush();
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
