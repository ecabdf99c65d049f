package dev.yocto.app.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** HS256 JWTs signed with SECRET_KEY: subject is the user id, valid for 8 days. */
public final class AccessTokens {

    public static final Duration LIFETIME = Duration.ofDays(8);
    private static final String ISSUER = "yoctogram";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Clock clock;

    public AccessTokens(String secretKey, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secretKey);
        this.clock = clock;
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).withClaimPresence("exp").build();
    }

    public String issue(UUID userId) {
        Instant now = clock.instant();
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject(userId.toString())
                .withIssuedAt(now)
                .withExpiresAt(now.plus(LIFETIME))
                .sign(algorithm);
    }

    /** The user id of a valid token; empty when it is forged, expired or malformed. */
    public Optional<UUID> verify(String token) {
        try {
            String subject = verifier.verify(token).getSubject();
            return subject == null ? Optional.empty() : Optional.of(UUID.fromString(subject));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
