package dev.yocto.state;

import java.time.Instant;

/** Who holds a state lock, as written in the lock file. */
public record LockOwner(long pid, String host, String command, Instant since) {

    public String describe() {
        return "pid " + pid + " on " + host + ", running '" + command + "' since " + since;
    }
}
