package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The dns layer on the emulator: zone, delegation, certificates; every assertion reads Route 53 and ACM. */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class DnsLayerTest {

    private static final String DOMAIN = "example.infracourse.cloud";

    @TempDir
    Path dir;

    @Test
    void provision_createsZoneAndBothCertificates_withValidationRecordsInTheZone(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "dnsdesign", "dns");

        Cli.Result result = cli.run("provision");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (StackView view = new StackView(emulator, "dnsdesign")) {
            HostedZone zone = view.zones().stream().collect(onlyOne());
            assertThat(zone.name()).isEqualTo(DOMAIN + ".");
            assertThat(zone.config().privateZone()).isFalse();
            List<ResourceRecordSet> records = view.records(StackView.zoneId(zone));
            List<CertificateDetail> certificates = List.of(view.certificates(view.acmRegional).stream()
                    .collect(onlyOne()), view.certificates(view.acmUsEast1).stream().collect(onlyOne()));
            assertThat(certificates.get(0).certificateArn()).contains(":us-west-2:");
            assertThat(certificates.get(1).certificateArn()).contains(":us-east-1:");
            for (CertificateDetail certificate : certificates) {
                assertThat(certificate.domainName()).isEqualTo(DOMAIN);
                assertThat(certificate.subjectAlternativeNames()).contains("*." + DOMAIN,
                        "*.yoctogram." + DOMAIN);
                assertThat(certificate.statusAsString()).isEqualTo("ISSUED");
                certificate.domainValidationOptions().forEach(option -> {
                    assertThat(option.validationMethodAsString()).isEqualTo("DNS");
                    assertThat(records).as("validation record of %s in the zone", option.domainName())
                            .anySatisfy(set -> {
                                assertThat(set.name()).isEqualToIgnoringCase(option.resourceRecord().name());
                                assertThat(set.typeAsString()).isEqualTo("CNAME");
                                assertThat(set.resourceRecords()).extracting(ResourceRecord::value)
                                        .containsExactly(option.resourceRecord().value());
                            });
                });
            }
            Map<String, String> outputs = Map.of("nameServers", cli.run("outputs", "--json").json().get("nameServers")
                    .toString());
            assertThat(outputs.get("nameServers")).contains("awsdns");
            assertThat(result.out()).contains("delegate " + DOMAIN).contains("NS record");
        }
    }

    @Test
    void provision_secondRun_makesNoMutatingCall(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "dnsrerun", "dns");
        assertThat(cli.run("provision").exitCode()).isZero();

        Cli.Result again = cli.run("provision", "--json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode summary = again.json().get("summary");
        assertThat(summary.get("mutatingCalls").asInt()).as(again.toString()).isZero();
        assertThat(summary.get("unchanged").asInt()).isEqualTo(3);
        assertThat(cli.run("status").exitCode()).isZero();
    }

    @Test
    void provision_withParentZone_writesTheDelegation_andTeardownRemovesItAndEverything(AwsEmulator emulator)
            throws Exception {
        try (StackView view = new StackView(emulator, "dnsparent")) {
            String parentId = parentZone(view);
            Files.writeString(dir.resolve("yocto.yaml"), "stack: dnsparent\nparentZoneId: " + parentId + "\n");
            Cli cli = new Cli(emulator, dir, "dnsparent", "dns");

            Cli.Result result = cli.run("provision");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            HostedZone zone = view.zones().stream().collect(onlyOne());
            List<String> nameServers = view.route53.getHostedZone(r -> r.id(zone.id())).delegationSet().nameServers();
            ResourceRecordSet delegation = view.records(parentId).stream()
                    .filter(set -> set.type() == RRType.NS && set.name().startsWith(DOMAIN)).collect(onlyOne());
            assertThat(delegation.resourceRecords()).extracting(ResourceRecord::value)
                    .containsExactlyInAnyOrderElementsOf(nameServers);
            assertThat(result.out()).doesNotContain("add an NS record");

            Cli.Result teardown = cli.run("teardown", "--yes");

            assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
            assertThat(view.zones()).isEmpty();
            assertThat(view.certificates(view.acmRegional)).isEmpty();
            assertThat(view.certificates(view.acmUsEast1)).isEmpty();
            assertThat(view.records(parentId)).noneMatch(set -> set.name().startsWith(DOMAIN));
        }
    }

    /**
     * A zone for infracourse.cloud whose id looks like AWS's (Z...), which the configuration checks:
     * moto's ids are random, so zones are made until one starts with Z and the others removed.
     */
    private static String parentZone(StackView view) {
        for (int attempt = 0; ; attempt++) {
            String reference = "dns-layer-test-parent-" + attempt;
            String id = StackView.zoneId(view.route53.createHostedZone(r -> r.name("infracourse.cloud")
                    .callerReference(reference)).hostedZone());
            if (id.startsWith("Z")) {
                return id;
            }
            view.route53.deleteHostedZone(r -> r.id(id));
        }
    }

    static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
