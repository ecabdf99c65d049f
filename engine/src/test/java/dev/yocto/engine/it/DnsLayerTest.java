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
            assertThat(delegation.ttl()).as("an hour at most (it was 172800 s)").isLessThanOrEqualTo(3600L);
            assertThat(result.out()).doesNotContain("add an NS record");

            Cli.Result teardown = cli.run("teardown", "--yes", "--delete-zone");

            assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
            assertThat(view.zones()).isEmpty();
            assertThat(view.certificates(view.acmRegional)).isEmpty();
            assertThat(view.certificates(view.acmUsEast1)).isEmpty();
            assertThat(view.records(parentId)).noneMatch(set -> set.name().startsWith(DOMAIN));
        }
    }

    /**
     * Issue 11: teardown used to delete the zone, so the next provision got a zone with new name
     * servers, and the domain had to be delegated again (certificates waiting until it was). Now
     * the zone (and its delegation) is kept unless {@code --delete-zone} or {@code --delete-data},
     * teardown says so and why, and the next provision reuses it: same zone, same name servers.
     */
    @Test
    void teardown_keepsTheZoneByDefault_andTheNextProvisionReusesItsNameServers(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "dnskeep", "dns");
        assertThat(cli.run("provision").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "dnskeep")) {
            HostedZone zone = view.zones().stream().collect(onlyOne());
            List<String> nameServers = view.route53.getHostedZone(r -> r.id(zone.id())).delegationSet().nameServers();

            Cli.Result teardown = cli.run("teardown", "--yes", "--json");

            assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
            JsonNode kept = teardown.json().get("kept");
            assertThat(kept).hasSize(1);
            assertThat(kept.get(0).get("id").asText()).isEqualTo("dns/zone");
            assertThat(kept.get(0).get("physicalId").asText()).isEqualTo(StackView.zoneId(zone));
            assertThat(kept.get(0).get("reason").asText()).contains("name servers").contains("--delete-zone");
            assertThat(view.zones()).extracting(HostedZone::id).containsExactly(zone.id());
            assertThat(view.certificates(view.acmRegional)).isEmpty();

            Cli.Result again = cli.run("provision", "--json");

            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.json().get("summary").get("created").asInt()).as("the two certificates").isEqualTo(2);
            assertThat(view.zones()).extracting(HostedZone::id).containsExactly(zone.id());
            assertThat(view.route53.getHostedZone(r -> r.id(zone.id())).delegationSet().nameServers())
                    .isEqualTo(nameServers);

            Cli.Result text = cli.run("teardown", "--yes");
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).contains("Kept dns/zone " + StackView.zoneId(zone)).contains("registrar");

            Cli.Result deleteZone = cli.run("teardown", "--yes", "--delete-zone");
            assertThat(deleteZone.exitCode()).as(deleteZone.toString()).isZero();
            assertThat(view.zones()).isEmpty();
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
