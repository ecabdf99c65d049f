package dev.yocto.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void productionCost_isBcrypt11_saltedPerHash() {
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_COST);
        String first = hasher.hash("pässwörd \uD83D\uDD11");
        String second = hasher.hash("pässwörd \uD83D\uDD11");
        assertThat(first).startsWith("$2a$11$").isNotEqualTo(second);
        assertThat(hasher.matches("pässwörd \uD83D\uDD11", first)).isTrue();
        assertThat(hasher.matches("passwörd \uD83D\uDD11", first)).isFalse();
    }
}
