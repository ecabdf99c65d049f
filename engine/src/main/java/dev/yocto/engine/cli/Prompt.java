package dev.yocto.engine.cli;

import java.io.IOException;

/** A yes/no question on the terminal, asked on stderr so that stdout stays the command's output. */
final class Prompt {

    private Prompt() {
    }

    /** True only for an explicit y or yes. */
    static boolean yes(Invocation io, String question) {
        io.err().print(question + " [y/N] ");
        io.err().flush();
        try {
            String answer = io.in().readLine();
            return answer != null && answer.trim().toLowerCase().matches("y|yes");
        } catch (IOException e) {
            return false;
        }
    }
}
