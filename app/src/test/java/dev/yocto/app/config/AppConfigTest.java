package dev.yocto.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>(Map.of("POSTGRES_HOST", "db.cluster-x.us-west-2.rds.amazonaws.com",
                "POSTGRES_USER", "yoctogram", "POSTGRES_PASSWORD", "pw", "POSTGRES_DB", "yoctogram",
                "SECRET_KEY", "k".repeat(32), "FORWARD_FACING_NAME", "yoctogram.example.com",
                "PUBLIC_IMAGES_BUCKET", "pub", "PRIVATE_IMAGES_BUCKET", "priv"));
        env.putAll(Map.of("PUBLIC_IMAGES_CLOUDFRONT_DISTRIBUTION", "d1.cloudfront.net",
                "PRIVATE_IMAGES_CLOUDFRONT_DISTRIBUTION", "d2.cloudfront.net", "CLOUDFRONT_KEY_PAIR_ID", "K1",
                "CLOUDFRONT_PRIVATE_KEY", "pem"));
        return env;
    }

    @Test
    void secretKeyShorterThan32Bytes_isRefused_byLengthNotValue() {
        Map<String, String> env = production();
        env.put("SECRET_KEY", "ünïcode-but-short");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SECRET_KEY is 19 bytes; it must be at least 32")
                .hasMessageNotContaining("short");
        env.put("SECRET_KEY", "x".repeat(32));
        assertThat(AppConfig.fromEnvironment(env).secretKey()).hasSize(32);
    }

    @Test
    void production_verifiesTheDatabaseCertificate_withTheRdsBundle_devModeSpeaksPlain() {
        AppConfig production = AppConfig.fromEnvironment(production());
        assertThat(production.postgres().sslMode()).isEqualTo("verify-full");
        assertThat(production.postgres().sslRootCert()).contains(Path.of("/app/rds-global-bundle.pem"));
        assertThat(production.trustedProxyHops()).isEqualTo(2);
        assertThat(production.abuseLimits()).isTrue();

        Map<String, String> env = production();
        env.put("PRODUCTION", "false");
        env.put("ABUSE_LIMITS", "off");
        AppConfig dev = AppConfig.fromEnvironment(env);
        assertThat(dev.postgres().sslMode()).isEqualTo("disable");
        assertThat(dev.postgres().sslRootCert()).isEqualTo(Optional.empty());
        assertThat(dev.trustedProxyHops()).isZero();
        assertThat(dev.abuseLimits()).isFalse();

        Map<String, String> switchedOff = production();
        switchedOff.put("ABUSE_LIMITS", "off");
        assertThat(AppConfig.fromEnvironment(switchedOff).abuseLimits()).as("never off in production").isTrue();
        switchedOff.put("POSTGRES_SSLMODE", "prefer");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(switchedOff)).hasMessageContaining("POSTGRES_SSLMODE must be");
    }
}
