package dev.yocto.engine.progress;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** How many columns the terminal has: {@code COLUMNS} when set, else what {@code stty size} says, else 80. */
public final class TerminalWidth {

    static final int FALLBACK = 80;

    private TerminalWidth() {
    }

    public static int of(Map<String, String> environment) {
        String columns = environment.get("COLUMNS");
        if (columns != null && columns.matches("[1-9][0-9]{0,4}")) {
            return Integer.parseInt(columns);
        }
        return fromStty();
    }

    private static int fromStty() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!stty.waitFor(2, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return FALLBACK;
            }
            String[] rowsColumns = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                    .split("\\s+");
            return rowsColumns.length == 2 && rowsColumns[1].matches("[1-9][0-9]{0,4}")
                    ? Integer.parseInt(rowsColumns[1]) : FALLBACK;
        } catch (java.io.IOException e) {
            return FALLBACK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FALLBACK;
        }
    }

    /** {@code text} cut to fit {@code columns - 1} columns (the last one would wrap on some terminals). */
    static String fit(String text, int columns) {
        int room = Math.max(10, columns - 1);
        if (text.codePointCount(0, text.length()) <= room) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, room - 1)) + "…";
    }
}
