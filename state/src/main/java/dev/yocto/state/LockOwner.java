package dev.yocto.state;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;

/** Who holds a state lock, as written in the lock file or lock object. */
public record LockOwner(long pid, String host, String user, String command, Instant since) {

    /** This process, about to run {@code command}. */
    public static LockOwner current(String command) {
        return new LockOwner(ProcessHandle.current().pid(), hostName(), System.getProperty("user.name", "unknown"),
                command, Instant.now());
    }

    public String describe() {
        return "pid " + pid + " on " + host + (user == null ? "" : " (user " + user + ")") + ", running '" + command
                + "' since " + since;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
