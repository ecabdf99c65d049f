package dev.yocto.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    private final UUID user = UUID.randomUUID();

    @Test
    void token_isHs256_validForEightDays() {
        Instant now = Instant.now();
        String token = new AccessTokens("k", Clock.fixed(now, ZoneOffset.UTC)).issue(user);
        var decoded = JWT.decode(token);
        assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
        assertThat(Duration.between(decoded.getIssuedAtAsInstant(), decoded.getExpiresAtAsInstant())).isEqualTo(Duration.ofDays(8));
        assertThat(new AccessTokens("k", Clock.systemUTC()).verify(token)).hasValue(user);
    }

    @Test
    void token_fromNineDaysAgo_isExpired() {
        String old = new AccessTokens("k", Clock.fixed(Instant.now().minus(Duration.ofDays(9)), ZoneOffset.UTC)).issue(user);
        assertThat(new AccessTokens("k", Clock.systemUTC()).verify(old)).isEmpty();
    }

    @Test
    void token_signedWithAnotherKey_orMangled_isRejected() {
        String token = new AccessTokens("k", Clock.systemUTC()).issue(user);
        assertThat(new AccessTokens("other", Clock.systemUTC()).verify(token)).isEmpty();
        assertThat(new AccessTokens("k", Clock.systemUTC()).verify(token.substring(0, token.length() - 2))).isEmpty();
        assertThat(new AccessTokens("k", Clock.systemUTC()).verify("")).isEmpty();
    }
}
