package dev.yocto.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.resources.api.Address;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void footerLines_fitTheTerminal_soARedrawErasesThemWhole() {
        StringWriter written = new StringWriter();
        try (TerminalProgress progress = new TerminalProgress(new PrintWriter(written), false, 60)) {
            progress.accept(Event.started(Address.of("compute/image"), "building linux/arm64 image from "
                    + "/home/someone/projects/yoctogram/app with base eclipse-temurin:21-jre (layer 3 of 7)"));

            progress.note("a note redraws the footer");
        }

        String[] lines = written.toString().replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").split("\\R");
        assertThat(Arrays.stream(lines).filter(line -> line.contains("compute/image")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.codePointCount(0, line.length())).isLessThan(60))
                .allSatisfy(line -> assertThat(line).contains("…").endsWith(" s)"));
    }

    @Test
    void aLongWait_showsWhatItWaitsFor_withTheTypicalTotal_untilItFinishes() {
        StringWriter written = new StringWriter();
        Address instance = Address.of("data/db/instance");
        try (TerminalProgress progress = new TerminalProgress(new PrintWriter(written), false, 120)) {
            progress.accept(Event.started(instance, "creating", "usually about 6 min"));
            progress.accept(Event.progress(instance, "waiting for instance app-data-db-instance to become available"));
            progress.note("a note redraws the footer");
            progress.accept(Event.finished(instance, "created", java.time.Duration.ofSeconds(7)));
            progress.note("and again, without it");
        }

        String[] lines = written.toString().replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").replace("\r", "")
                .split("\\R");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("  ⠿ data/db/instance waiting for instance "
                + "app-data-db-instance to become available, usually about 6 min \\(\\d+ s\\)"));
        assertThat(lines[lines.length - 1]).isEqualTo("and again, without it");
    }

    @Test
    void lines_sayWhatALongWaitWaitsFor_withTheTypicalTotal_andNothingForAShortOne() {
        StringWriter written = new StringWriter();
        Address instance = Address.of("data/db/instance");
        try (LineProgress progress = new LineProgress(new PrintWriter(written), false)) {
            progress.accept(Event.started(Address.of("network/vpc"), "creating"));
            progress.accept(Event.started(instance, "creating", "usually about 6 min"));
            progress.accept(Event.progress(instance, "waiting for instance x to become available"));
            progress.accept(Event.finished(instance, "created", java.time.Duration.ofSeconds(7)));
            progress.accept(Event.progress(instance, "a late report"));
        }

        assertThat(written.toString().lines()).containsExactly(
                "  ... data/db/instance: creating, usually about 6 min",
                "  ... data/db/instance: waiting for instance x to become available, usually about 6 min",
                "  + data/db/instance created (7.0 s)",
                "  ... data/db/instance: a late report");
    }

    @Test
    void fit_leavesShortTextAlone_andCutsLongTextWithAnEllipsis() {
        assertThat(TerminalWidth.fit("short", 80)).isEqualTo("short");
        assertThat(TerminalWidth.fit("x".repeat(100), 20)).hasSize(19).endsWith("…");
    }
}
