package dev.yocto.engine.progress;

import dev.yocto.resources.api.Address;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * On a terminal: finished resources scroll by as lines, and a footer redrawn by one renderer thread
 * shows the resources in flight with how long AWS usually takes for a long wait and their elapsed
 * time, each line cut to the terminal's width (a
 * wrapped line would take two rows, and the redraw would erase only one of them).
 */
public final class TerminalProgress implements Progress {

    private static final String CLEAR_LINE = "\u001b[2K";
    private static final String UP = "\u001b[1A";

    private final PrintWriter out;
    private final boolean color;
    private final Map<Address, Long> inFlight = new LinkedHashMap<>();
    private final Map<Address, String> latest = new LinkedHashMap<>();
    private final Map<Address, String> usually = new LinkedHashMap<>();
    private final ScheduledExecutorService renderer;
    private final int columns;
    private int footerLines;

    /** @param columns the terminal's width: each footer line is cut to it, so a redraw erases all of it */
    public TerminalProgress(PrintWriter out, boolean color, int columns) {
        this.out = out;
        this.color = color;
        this.columns = columns;
        this.renderer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "yocto-progress");
            thread.setDaemon(true);
            return thread;
        });
        renderer.scheduleAtFixedRate(this::redraw, 200, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void accept(Event event) {
        switch (event.type()) {
            case STARTED -> {
                inFlight.put(event.address(), System.nanoTime());
                latest.put(event.address(), event.message());
                if (!event.usually().isEmpty()) {
                    usually.put(event.address(), event.usually());
                }
            }
            case PROGRESS -> latest.put(event.address(), event.message());
            case FINISHED, FAILED -> {
                inFlight.remove(event.address());
                latest.remove(event.address());
                usually.remove(event.address());
                clearFooter();
                String line = event.type() == Event.Type.FAILED
                        ? paint("31", "  ! " + event.address() + " failed: " + event.message())
                        : paint(colorOf(event.message()), "  " + LineProgress.symbol(event.message()) + " "
                                + event.address() + " " + event.message()) + LineProgress.seconds(event);
                out.println(line);
                drawFooter();
            }
        }
    }

    private String colorOf(String message) {
        return switch (LineProgress.symbol(message)) {
            case "+" -> "32";
            case "-" -> "31";
            case "~" -> "33";
            default -> "2";
        };
    }

    private String paint(String code, String text) {
        return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    @Override
    public synchronized void note(String message) {
        clearFooter();
        out.println(message);
        drawFooter();
    }

    private synchronized void redraw() {
        clearFooter();
        drawFooter();
    }

    private void clearFooter() {
        for (int i = 0; i < footerLines; i++) {
            out.print(UP + CLEAR_LINE + "\r");
        }
        footerLines = 0;
    }

    private void drawFooter() {
        long now = System.nanoTime();
        for (Map.Entry<Address, Long> entry : inFlight.entrySet()) {
            long seconds = Duration.ofNanos(now - entry.getValue()).toSeconds();
            String typical = usually.containsKey(entry.getKey()) ? ", " + usually.get(entry.getKey()) : "";
            String elapsed = typical + " (" + seconds + " s)";
            String line = TerminalWidth.fit("  ⠿ " + entry.getKey() + " " + latest.getOrDefault(entry.getKey(), ""),
                    columns - elapsed.length());
            out.println(paint("36", line + elapsed));
            footerLines++;
        }
        out.flush();
    }

    @Override
    public void close() {
        renderer.shutdownNow();
        synchronized (this) {
            clearFooter();
            out.flush();
        }
    }
}
