package dev.yocto.state;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads fields of a stored state document in tests. */
final class StateStoreJson {

    private StateStoreJson() {
    }

    static long serial(byte[] document) {
        try {
            return StateStore.JSON.readTree(document).path("serial").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
