package dev.yocto.resources.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

/** A long wait does not end on one passing error, nor on the not-found of something just made. */
class PollTest {

    private static final Address ADDRESS = Address.of("network/nat-gateway");
    private final Context context = new Context("t", "us-west-2",
            new AwsClients(Region.US_WEST_2, Optional.of(URI.create("http://127.0.0.1:1")),
                    AnonymousCredentialsProvider.create(), List.of()), Emulation.EMULATOR, (a, m) -> { });

    private static AwsServiceException error(String code, int status) {
        return AwsServiceException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void throttlingAnd5xxAndAYoungNotFoundAreAskedAgain() {
        List<AwsServiceException> answers = List.of(error("NatGatewayNotFound", 400), error("RequestLimitExceeded", 503),
                error("Throttling", 400), error("InternalFailure", 500), error("ServiceUnavailable", 503));
        AtomicInteger calls = new AtomicInteger();
        String result = Poll.until(context, ADDRESS, "the NAT gateway", Duration.ofSeconds(30), () -> {
            int n = calls.getAndIncrement();
            if (n < answers.size()) {
                throw answers.get(n);
            }
            return Optional.of("available");
        });
        assertThat(result).isEqualTo("available");
        assertThat(calls).hasValue(answers.size() + 1);
    }

    @Test
    void anyOtherErrorEndsTheWaitAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Poll.until(context, ADDRESS, "the NAT gateway", Duration.ofSeconds(30), () -> {
            calls.incrementAndGet();
            throw error("UnauthorizedOperation", 403);
        })).hasMessageStartingWith("UnauthorizedOperation");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aWaitThatOnlySeesPassingErrorsTimesOutNamingTheLastOne() {
        assertThatThrownBy(() -> Poll.until(context, ADDRESS, "the NAT gateway", Duration.ofMillis(300), () -> {
            throw error("Throttling", 400);
        })).isInstanceOf(ResourceException.class).hasMessageContaining("waiting for the NAT gateway")
                .hasMessageContaining("last error: Throttling");
    }

    @Test
    void classification() {
        assertThat(AwsErrors.isTransient(error("SlowDown", 503))).isTrue();
        assertThat(AwsErrors.isTransient(error("InternalError", 500))).isTrue();
        assertThat(AwsErrors.isTransient(error("InvalidSubnet", 400))).isFalse();
        assertThat(AwsErrors.isNotFound(error("InvalidGroup.NotFound", 400))).isTrue();
        assertThat(AwsErrors.isNotFound(error("NoSuchEntity", 404))).isTrue();
        assertThat(AwsErrors.isNotFound(error("DBClusterNotFoundFault", 404))).isTrue();
        assertThat(AwsErrors.isNotFound(error("AuthFailure", 400))).isFalse();
    }
}
