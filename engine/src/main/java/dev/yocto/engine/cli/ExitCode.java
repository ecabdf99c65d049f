package dev.yocto.engine.cli;

/** The process exit codes of DESIGN §4. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int ERROR = 1;
    /** plan: changes pending; status: drift found. */
    public static final int CHANGES = 2;
    /** lock held, confirmation declined, bad configuration, bad flags. */
    public static final int REFUSED = 3;

    private ExitCode() {
    }
}
