package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * The emulator is reset before each test class, so no test sees what another class left behind.
 * The first nested class leaves a VPC, a secret and a bucket; the second, reset in between, must
 * find none of them. (On LocalStack the reset is a restart of the runtime.)
 */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class EmulatorResetTest {

    private static final String PROBE = "reset-probe";

    @Nested
    @Order(1)
    class BeforeTheReset {

        @Test
        void leavesAVpcASecretAndABucketBehind(AwsEmulator emulator) {
            try (StackView view = new StackView(emulator, PROBE); Ec2View ec2 = new Ec2View(emulator, PROBE)) {
                ec2.ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16").tagSpecifications(t -> t.resourceType("vpc")
                        .tags(Tag.builder().key("yocto:stack").value(PROBE).build())));
                view.secrets.createSecret(r -> r.name(PROBE + "/left").secretString("left behind"));
                view.s3.createBucket(r -> r.bucket(PROBE + "-left-behind"));

                assertThat(ec2.vpcs()).hasSize(1);
                assertThat(view.secrets.listSecrets().secretList()).anyMatch(s -> s.name().equals(PROBE + "/left"));
                assertThat(view.s3.listBuckets().buckets()).extracting(Bucket::name).contains(PROBE + "-left-behind");
            }
        }
    }

    @Nested
    @Order(2)
    class AfterTheReset {

        @Test
        void findsNoneOfIt(AwsEmulator emulator) {
            try (StackView view = new StackView(emulator, PROBE); Ec2View ec2 = new Ec2View(emulator, PROBE)) {
                assertThat(ec2.vpcs()).isEmpty();
                assertThat(view.secrets.listSecrets().secretList()).noneMatch(s -> s.name().startsWith(PROBE));
                assertThat(view.s3.listBuckets().buckets()).extracting(Bucket::name)
                        .doesNotContain(PROBE + "-left-behind");
            }
        }
    }
}
