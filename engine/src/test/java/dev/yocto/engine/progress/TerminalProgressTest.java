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
    void fit_leavesShortTextAlone_andCutsLongTextWithAnEllipsis() {
        assertThat(TerminalWidth.fit("short", 80)).isEqualTo("short");
        assertThat(TerminalWidth.fit("x".repeat(100), 20)).hasSize(19).endsWith("…");
    }
}
