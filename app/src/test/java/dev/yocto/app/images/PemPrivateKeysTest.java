package dev.yocto.app.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PemPrivateKeysTest {

    private static KeyPair keys;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @Test
    void readsPkcs8_evenWithLiteralBackslashN() {
        String pem = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        assertSameKey(PemPrivateKeys.parse(pem));
        assertSameKey(PemPrivateKeys.parse(pem.replace("\n", "\\n")));
    }

    @Test
    void readsPkcs1() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        // PKCS#8 = SEQUENCE(4) { INTEGER 0 (3), AlgorithmIdentifier (15), OCTET STRING(4) { PKCS#1 } }
        assertThat(pkcs8[22]).as("OCTET STRING tag").isEqualTo((byte) 0x04);
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        assertSameKey(PemPrivateKeys.parse(pem("RSA PRIVATE KEY", pkcs1)));
    }

    @Test
    void garbage_isRejected_withoutEchoingTheInput() {
        assertThatThrownBy(() -> PemPrivateKeys.parse("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXZhbHVl\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CLOUDFRONT_PRIVATE_KEY").hasMessageNotContaining("c2VjcmV0LXZhbHVl");
    }

    private static void assertSameKey(PrivateKey parsed) {
        RSAPrivateCrtKey expected = (RSAPrivateCrtKey) keys.getPrivate();
        RSAPrivateCrtKey actual = (RSAPrivateCrtKey) parsed;
        assertThat(actual.getModulus()).isEqualTo(expected.getModulus());
        assertThat(actual.getPrivateExponent()).isEqualTo(expected.getPrivateExponent());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
