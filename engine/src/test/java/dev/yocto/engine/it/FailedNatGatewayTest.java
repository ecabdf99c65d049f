package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayResponse;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;

/**
 * A NAT gateway that fails (AWS: e.g. no free address in the subnet) is deleted and replaced by
 * another made under a client token of its own; before issue 11 the provision stopped with "NAT gateway … failed", and
 * a rerun's create with the same token got the failed gateway back.
 */
@ExtendWith(EmulatorExtension.class)
class FailedNatGatewayTest {

    @TempDir
    Path dir;

    /** AWS's answer for the first NAT gateway made: FAILED, with its failure message. */
    static final class FirstNatFails implements ExecutionInterceptor {
        volatile String failed;
        volatile boolean deleted;

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.response() instanceof CreateNatGatewayResponse created && failed == null) {
                failed = created.natGateway().natGatewayId();
            }
            if (context.request() instanceof DeleteNatGatewayRequest delete && delete.natGatewayId().equals(failed)) {
                deleted = true;
                freeAddressOf(failed);
            }
            if (context.response() instanceof DescribeNatGatewaysResponse described && !deleted) {
                return described.toBuilder().natGateways(described.natGateways().stream()
                        .map(n -> n.natGatewayId().equals(failed) ? n.toBuilder().state(NatGatewayState.FAILED)
                                .failureCode("InsufficientFreeAddressesInSubnet")
                                .failureMessage("Subnet has insufficient free addresses to create this NAT gateway")
                                .build() : n)
                        .toList()).build();
            }
            return context.response();
        }
    }

    /** AWS frees a deleted NAT gateway's Elastic IP; moto keeps it associated, so the test frees it. */
    private static void freeAddressOf(String natGatewayId) {
        AwsEmulator emulator = dev.yocto.testkit.Emulators.shared();
        try (Ec2Client ec2 = Ec2Client.builder().region(emulator.region()).endpointOverride(emulator.endpoint())
                .credentialsProvider(emulator.credentials()).build()) {
            ec2.describeNatGateways(r -> r.natGatewayIds(natGatewayId)).natGateways().get(0).natGatewayAddresses()
                    .forEach(a -> ec2.describeAddresses(r -> r.allocationIds(a.allocationId())).addresses().stream()
                            .filter(address -> address.associationId() != null)
                            .forEach(address -> ec2.disassociateAddress(r -> r.associationId(address.associationId()))));
        }
    }

    @Test
    void aFailedNatGatewayIsReplaced(AwsEmulator emulator) throws Exception {
        FirstNatFails fails = new FirstNatFails();
        Cli cli = new Cli(emulator, dir, "natfail");

        Cli.Result provision = cli.run(List.of(fails), "provision");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(provision.out()).contains("failed (Subnet has insufficient free addresses");
        String state = Files.readString(cli.statePath());
        assertThat(fails.failed).isNotNull();
        assertThat(fails.deleted).as("the failed gateway is deleted, freeing its Elastic IP").isTrue();
        assertThat(state).contains("nat-").doesNotContain(fails.failed);
        assertThat(cli.run(List.of(fails), "status", "--json").json().get("summary").get("mutatingCalls").asInt())
                .isZero();
    }
}
