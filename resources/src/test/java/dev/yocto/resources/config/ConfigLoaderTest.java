package dev.yocto.resources.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static StackConfig parse(String yaml) {
        return ConfigLoader.parse("yocto.yaml", yaml, Optional.empty(), "us-west-2");
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }

    @Test
    void emptyFile_givesTheDefaultsOfTheDesign() {
        StackConfig config = parse("");

        assertThat(config.stack()).isEqualTo("yoctogram");
        assertThat(config.region()).isEqualTo("us-west-2");
        assertThat(config.availabilityZones()).containsExactly("us-west-2a", "us-west-2b");
        assertThat(config.zonesNamed()).as("a placeholder: the command asks DescribeAvailabilityZones").isFalse();
        assertThat(config.siteDomain()).isEqualTo("yoctogram.example.infracourse.cloud");
        assertThat(config.apiDomain()).isEqualTo("api.yoctogram.example.infracourse.cloud");
        assertThat(config.vpcCidr()).isEqualTo("10.0.0.0/16");
        assertThat(config.natGateways()).isEqualTo(2);
        assertThat(config.database()).isEqualTo(new StackConfig.Database("16.6", 0.5, 2, false));
        assertThat(config.service()).isEqualTo(new StackConfig.Service(512, 2048, 1, 4, 0));
        assertThat(config.image()).isEqualTo(new StackConfig.Image("app", "linux/arm64"));
        assertThat(config.web().dir()).isEqualTo("web");
        assertThat(config.parentZoneId()).isNull();
        assertThat(config.state()).as("the local file").isNull();
        assertThat(config.waf()).as("no web ACL unless asked: it costs money").isEqualTo(StackConfig.Waf.OFF);
        assertThat(config.waf().enabled()).isFalse();
    }

    @Test
    void everyKey_isRead() {
        StackConfig config = parse("""
                stack: demo
                region: eu-central-1
                availabilityZones: [eu-central-1b, eu-central-1c]
                domain: course.example.org
                site: gram
                parentZoneId: Z0123456789ABC
                vpcCidr: 10.20.0.0/20
                natGateways: 1
                database: {engineVersion: "15.8", minCapacity: 0, maxCapacity: 4.5, deletionProtection: true}
                service: {cpu: 1024, memory: 3072, desiredCount: 2, maxCount: 6, spotWeight: 3}
                image: {context: backend, platform: linux/amd64}
                web: {dir: frontend}
                state: s3://course-team-state/yocto
                waf: {enabled: true, rateLimit: 500}
                """);

        assertThat(config).isEqualTo(new StackConfig("demo", "eu-central-1", List.of("eu-central-1b", "eu-central-1c"),
                "course.example.org", "gram", "Z0123456789ABC", "10.20.0.0/20", 1,
                new StackConfig.Database("15.8", 0, 4.5, true), new StackConfig.Service(1024, 3072, 2, 6, 3),
                new StackConfig.Image("backend", "linux/amd64"), new StackConfig.Web("frontend"), "s3://course-team-state/yocto",
                true, new StackConfig.Waf(true, 500)));
    }

    @Test
    void everyProblem_isReportedTogether() {
        List<String> problems = problems("""
                stack: Bad_Name
                region: mars-north-1
                domain: not a domain
                site: "two.labels"
                parentZoneId: nope
                vpcCidr: 10.0.0.0/8
                natGateways: 3
                database: {engineVersion: latest, minCapacity: 0.3, maxCapacity: 300, deletionProtection: maybe}
                service: {cpu: 300, memory: 2048, desiredCount: 0, maxCount: 200, spotWeight: -1}
                image: {platform: windows/amd64}
                state: s3://Not_A_Bucket/x
                waf: {enabled: true, rateLimit: 5}
                vpcCIDR: typo
                """);

        assertThat(problems).anyMatch(p -> p.startsWith("stack:"))
                .anyMatch(p -> p.startsWith("region: 'mars-north-1'"))
                .anyMatch(p -> p.startsWith("domain:"))
                .anyMatch(p -> p.startsWith("site:"))
                .anyMatch(p -> p.startsWith("parentZoneId:"))
                .anyMatch(p -> p.startsWith("vpcCidr:") && p.contains("/16 to /21"))
                .anyMatch(p -> p.startsWith("natGateways:"))
                .anyMatch(p -> p.startsWith("database.engineVersion:"))
                .anyMatch(p -> p.startsWith("database.minCapacity:"))
                .anyMatch(p -> p.startsWith("database.maxCapacity:"))
                .anyMatch(p -> p.startsWith("database.deletionProtection:"))
                .anyMatch(p -> p.startsWith("service: cpu must be one of"))
                .anyMatch(p -> p.startsWith("service.desiredCount:"))
                .anyMatch(p -> p.startsWith("service.maxCount:"))
                .anyMatch(p -> p.startsWith("service.spotWeight:"))
                .anyMatch(p -> p.startsWith("image.platform:"))
                .anyMatch(p -> p.startsWith("state: 'Not_A_Bucket'"))
                .anyMatch(p -> p.startsWith("waf.rateLimit: must be between 100"))
                .anyMatch(p -> p.equals("vpcCIDR: unknown key (did you mean 'vpcCidr'?)"));
        assertThat(problems).hasSizeGreaterThanOrEqualTo(19);
    }

    @Test
    void message_listsEachProblemOnItsOwnLine() {
        assertThatThrownBy(() -> parse("natGateways: 5\nstack: X"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("yocto.yaml has 2 problems:")
                .hasMessageContaining("\n  - stack:")
                .hasMessageContaining("\n  - natGateways: must be 1 (cheaper) or 2 (one per zone), got 5");
    }

    @Test
    void cidr_rules() {
        assertThat(problems("vpcCidr: 10.0.0.0")).containsExactly("vpcCidr: '10.0.0.0' is not an IPv4 CIDR block like 10.0.0.0/16");
        assertThat(problems("vpcCidr: 10.0.300.0/16")).hasSize(1).allMatch(p -> p.contains("not an IPv4 CIDR"));
        assertThat(problems("vpcCidr: 10.0.1.0/16")).containsExactly(
                "vpcCidr: '10.0.1.0/16' has host bits set; the network address is 10.0.0.0/16");
        assertThat(problems("vpcCidr: 10.0.0.0/22")).hasSize(1).allMatch(p -> p.contains("six /24"));
        assertThat(parse("vpcCidr: 172.16.8.0/21").vpcCidr()).isEqualTo("172.16.8.0/21");
    }

    @Test
    void zones_mustBeTwoDistinctZonesOfTheRegion() {
        assertThat(problems("availabilityZones: [us-west-2a]")).anyMatch(p -> p.contains("exactly two"));
        assertThat(problems("availabilityZones: [us-west-2a, us-west-2a]")).anyMatch(p -> p.contains("exactly two"));
        assertThat(problems("availabilityZones: [us-west-2a, us-east-1b]"))
                .containsExactly("availabilityZones: 'us-east-1b' is not a zone of region us-west-2 (expected us-west-2a, us-west-2b, ...)");
        assertThat(problems("availabilityZones: us-west-2a")).anyMatch(p -> p.contains("must be a list"));
    }

    @Test
    void zones_defaultToTheOverriddenRegion() {
        StackConfig config = ConfigLoader.parse("yocto.yaml", "region: us-west-2", Optional.of("eu-west-1"), "us-east-1");

        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b");
    }

    @Test
    void fargateSize_memoryMustFitCpu() {
        assertThat(problems("service: {cpu: 512, memory: 512}")).containsExactly(
                "service: memory 512 MiB does not fit cpu 512 on Fargate: use 1024 to 4096 in steps of 1024");
        assertThat(parse("service: {cpu: 256, memory: 512}").service().memory()).isEqualTo(512);
    }

    @Test
    void spot_isRefusedForArm64_becauseFargateSpotRunsNoArm64Tasks() {
        assertThat(problems("service: {spotWeight: 2}")).singleElement().asString()
                .startsWith("service.spotWeight: Fargate Spot does not run ARM64 tasks");
    }

    @Test
    void capacity_maxMustNotBeBelowMin() {
        assertThat(problems("database: {minCapacity: 4, maxCapacity: 2}"))
                .containsExactly("database.maxCapacity (2.0) must not be below database.minCapacity (4.0)");
    }

    @Test
    void types_wrongTypeIsNamed() {
        assertThat(problems("natGateways: two")).containsExactly("natGateways: must be a whole number, got 'two'");
        assertThat(problems("database: 5")).containsExactly("database: must be a mapping of deletionProtection, engineVersion, maxCapacity, minCapacity, got number");
        assertThat(problems("database: {bogus: 1}")).singleElement().asString().startsWith("database.bogus: unknown key");
    }

    @Test
    void yamlSyntaxError_isOneClearProblem() {
        assertThat(problems("stack: [unclosed")).singleElement().asString().startsWith("is not valid YAML at line");
    }

    @Test
    void notAMapping_isRefused() {
        assertThat(problems("- just\n- a list")).containsExactly("must be a mapping of keys to values, e.g. 'stack: yoctogram'");
    }

    @Test
    void load_missingFile_saysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), Optional.empty(), "us-west-2"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the file does not exist");
    }

    @Test
    void load_readsTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("yocto.yaml"), "stack: fromfile\n");

        assertThat(ConfigLoader.load(Optional.of(file), Optional.empty(), "us-west-2").stack()).isEqualTo("fromfile");
    }

    @Test
    void load_pathsGivenAreRelativeToTheFilesFolder_pathsNotGivenAreYoctosOwn(@TempDir Path elsewhere)
            throws Exception {
        Path home = elsewhere.resolve("yocto-home");
        Path config = Files.createDirectories(elsewhere.resolve("project")).resolve("yocto.yaml");
        Files.writeString(config, "image: {context: ../backend}\n");

        StackConfig loaded = ConfigLoader.load(Optional.of(config), Optional.empty(), "us-west-2", home);

        assertThat(loaded.image().context()).isEqualTo(elsewhere.resolve("backend").toString());
        assertThat(loaded.web().dir()).isEqualTo(home.resolve("web").toString());
        StackConfig defaults = ConfigLoader.load(Optional.empty(), Optional.empty(), "us-west-2", home);
        assertThat(defaults.image().context()).isEqualTo(home.resolve("app").toString());
    }
}
