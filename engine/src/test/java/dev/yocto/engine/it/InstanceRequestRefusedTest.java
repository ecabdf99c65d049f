package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;

/**
 * The database instance is requested while its cluster is still creating; should AWS refuse that
 * for the cluster's state (InvalidDBClusterStateFault), the request is asked again until it is taken.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the data layer needs RDS, which LocalStack's community runtime answers with 501")
class InstanceRequestRefusedTest {

    @TempDir
    Path dir;

    /** AWS's answer to the first two CreateDBInstance requests: the cluster's state takes no instance yet. */
    static final class ClusterNotReadyTwice implements ExecutionInterceptor {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateDbInstanceRequest && requests.incrementAndGet() <= 2) {
                String message = "The DB cluster is not in a valid state to add an instance";
                throw InvalidDbClusterStateException.builder().message(message).statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidDBClusterStateFault")
                                .errorMessage(message).serviceName("Rds").build())
                        .build();
            }
        }
    }

    @Test
    void aRefusedInstanceRequest_isAskedAgain_untilTheClusterTakesIt(AwsEmulator emulator) {
        ClusterNotReadyTwice refusals = new ClusterNotReadyTwice();
        Cli cli = new Cli(emulator, dir, "dbrefused", "dns,network,data");

        Cli.Result provision = cli.run(List.of(refusals), "provision");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(refusals.requests.get()).as("CreateDBInstance requests").isEqualTo(3);
        try (StackView view = new StackView(emulator, "dbrefused")) {
            assertThat(view.instances()).singleElement()
                    .satisfies(instance -> assertThat(instance.dbInstanceStatus()).isEqualTo("available"));
        }
        assertThat(cli.run("teardown", "--yes", "--delete-data", "--skip-final-snapshot").exitCode()).isZero();
    }
}
