package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The whole stack in one provision against moto, the machine's Docker daemon and the local registry:
 * what it builds, field by field as DESIGN §6 has it; what a second and a changed run do; what
 * {@code status} sees after changes made behind yocto's back; and that teardown leaves nothing.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the compute layer needs ECR, ECS, ELBv2, Application Auto Scaling and CloudFront, which LocalStack's community runtime answers with 501")
class ComputeLayerTest {

    private static final String SITE = "yoctogram.example.infracourse.cloud";
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    /**
     * What a no-change provision of the whole stack may cost: 81 reads when issue 10 was filed; the
     * security work of issue 16 has since added reads (the buckets' lifecycle rules, the cluster's
     * parameter group and its parameters, the response headers policy, ...); choosing the zones and
     * finding CloudFront's prefix list cost none since they are read from state. The response
     * headers policies cost 2 + 1: the listing of the account's policies (shared, also how orphans
     * are found) and one GetResponseHeadersPolicy per policy (images', site's); the secret origin
     * header 4: DescribeSecret, GetSecretValue (once per run for the rule and the distribution),
     * DescribeRules and DescribeTags of the rule. Then 95, lowered to 90: the headers policies are
     * observed from their listing (it carries each policy's configuration; no GetResponseHeadersPolicy),
     * the two listeners and their tags from one DescribeListeners and one DescribeTags of their load
     * balancer, and the site's A and AAAA records from one ListResourceRecordSets; then 88: the
     * public key's secret fingerprint and the database's host and port are kept in state with the
     * secret version they were read from (no GetSecretValue while it is still the current one). A change that adds a read raises this with its reason.
     */
    private static final int NO_CHANGE_CALLS = 88;

    /** For teardown: the layers named and every layer built on them, which is all four. */
    private static final String EVERY_LAYER = "dns,network,data,compute";

    @TempDir
    Path dir;

    @BeforeEach
    void requireDocker() throws Exception {
        ComputeFixture.requireDockerAndRegistry();
    }

    @Test
    void provision_wholeStack_matchesTheDesign_andTeardownLeavesNothing(AwsEmulator emulator) throws Exception {
        String stack = ComputeFixture.uniqueStack("whole");
        Cli cli = ComputeFixture.cli(emulator, dir, stack);

        Cli.Result provision = cli.run("provision");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        JsonNode outputs = cli.run("outputs", "--json").json();
        JsonNode ids = outputs.get("ids");
        try (StackView view = new StackView(emulator, stack); ComputeView compute = new ComputeView(emulator, stack);
             Ec2View ec2 = new Ec2View(emulator, stack)) {
            assertThat(compute.counts()).isEqualTo(ComputeView.FULL);
            assertThat(ec2.counts()).isEqualTo(Ec2View.FULL_NETWORK);

            String digest = outputs.get("imageDigest").asText();
            assertThat(digest).startsWith("sha256:");
            assertThat(outputs.get("imagePlaceholder").asBoolean()).isFalse();
            assertThat(outputs.get("image").asText()).isEqualTo(ComputeFixture.REGISTRY + "/" + stack + "/backend@" + digest);
            JsonNode imageConfig = ComputeFixture.imageConfig(stack + "/backend", digest);
            assertThat(imageConfig.path("architecture").asText()).isEqualTo("arm64");
            assertThat(imageConfig.path("os").asText()).isEqualTo("linux");

            TaskDefinition task = compute.ecs.describeTaskDefinition(r -> r.taskDefinition(compute.family()))
                    .taskDefinition();
            assertThat(task.cpu()).isEqualTo("512");
            assertThat(task.memory()).isEqualTo("2048");
            assertThat(task.networkModeAsString()).isEqualTo("awsvpc");
            assertThat(task.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
            assertThat(task.runtimePlatform().operatingSystemFamilyAsString()).isEqualTo("LINUX");
            assertThat(task.runtimePlatform().cpuArchitectureAsString()).isEqualTo("ARM64");
            assertThat(task.executionRoleArn()).endsWith("/" + stack + "-ecs-execution");
            assertThat(task.taskRoleArn()).endsWith("/" + stack + "-ecs-task");
            assertThat(task.containerDefinitions()).hasSize(1);
            ContainerDefinition app = task.containerDefinitions().get(0);
            assertThat(app.name()).isEqualTo("app");
            assertThat(app.image()).isEqualTo(outputs.get("image").asText());
            assertThat(app.portMappings()).singleElement().satisfies(port -> {
                assertThat(port.containerPort()).isEqualTo(80);
                assertThat(port.protocolAsString()).isEqualTo("tcp");
                assertThat(port.appProtocolAsString()).isEqualTo("http");
            });
            Map<String, String> environment = app.environment().stream()
                    .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
            Map<String, String> buckets = view.buckets();
            assertThat(environment).isEqualTo(Map.of(
                    "PRODUCTION", "true",
                    "DEBUG", "false",
                    "FORWARD_FACING_NAME", SITE,
                    "PUBLIC_IMAGES_BUCKET", buckets.get("data/bucket/public-images"),
                    "PRIVATE_IMAGES_BUCKET", buckets.get("data/bucket/private-images"),
                    "PUBLIC_IMAGES_CLOUDFRONT_DISTRIBUTION", outputs.get("distributions").get("publicImages").asText(),
                    "PRIVATE_IMAGES_CLOUDFRONT_DISTRIBUTION", outputs.get("distributions").get("privateImages").asText(),
                    "CLOUDFRONT_KEY_PAIR_ID", ids.get("data/cdn/public-key").asText()));
            String dbSecret = ids.get("data/secret/db").asText();
            Map<String, String> secrets = app.secrets().stream().collect(Collectors.toMap(Secret::name, Secret::valueFrom));
            assertThat(secrets).containsOnlyKeys("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD",
                    "POSTGRES_DB", "SECRET_KEY", "CLOUDFRONT_PRIVATE_KEY");
            assertThat(secrets.get("POSTGRES_HOST")).isEqualTo(dbSecret + ":host::");
            assertThat(secrets.get("POSTGRES_PORT")).isEqualTo(dbSecret + ":port::");
            assertThat(secrets.get("POSTGRES_USER")).isEqualTo(dbSecret + ":username::");
            assertThat(secrets.get("POSTGRES_PASSWORD")).isEqualTo(dbSecret + ":password::");
            assertThat(secrets.get("POSTGRES_DB")).isEqualTo(dbSecret + ":dbname::");
            assertThat(secrets.get("SECRET_KEY")).startsWith(ids.get("data/secret/jwt").asText());
            assertThat(secrets.get("CLOUDFRONT_PRIVATE_KEY")).startsWith(ids.get("data/secret/cloudfront-key").asText());
            assertThat(app.healthCheck().command()).containsExactly("CMD-SHELL",
                    "curl -f http://localhost/api/v1/health/ || exit 1");
            assertThat(app.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
            assertThat(app.logConfiguration().options()).containsEntry("awslogs-group", "/yocto/" + stack + "/backend")
                    .containsEntry("awslogs-region", emulator.region().id());

            String loadBalancer = compute.loadBalancers().get(0);
            Map<Integer, Listener> listeners = compute.elbv2.describeListeners(r -> r.loadBalancerArn(loadBalancer))
                    .listeners().stream().collect(Collectors.toMap(Listener::port, l -> l));
            assertThat(listeners).containsOnlyKeys(80, 443);
            assertThat(listeners.get(80).defaultActions()).singleElement().satisfies(action -> {
                assertThat(action.typeAsString()).isEqualTo("redirect");
                assertThat(action.redirectConfig().protocol()).isEqualTo("HTTPS");
                assertThat(action.redirectConfig().port()).isEqualTo("443");
                assertThat(action.redirectConfig().statusCodeAsString()).isEqualTo("HTTP_301");
            });
            Listener https = listeners.get(443);
            assertThat(https.protocolAsString()).isEqualTo("HTTPS");
            assertThat(https.sslPolicy()).startsWith("ELBSecurityPolicy-TLS13-1-2");
            assertThat(https.certificates()).extracting(c -> c.certificateArn())
                    .containsExactly(ids.get("dns/certificate/regional").asText());
            String targetGroup = compute.targetGroups().get(0);
            assertThat(https.defaultActions()).singleElement().satisfies(action -> {
                assertThat(action.typeAsString()).as("without the origin header").isEqualTo("fixed-response");
                assertThat(action.fixedResponseConfig().statusCode()).isEqualTo("403");
            });
            String originToken = view.secrets.getSecretValue(r -> r.secretId(
                    ids.get("compute/secret/origin-header").asText())).secretString();
            assertThat(compute.elbv2.describeRules(r -> r.listenerArn(https.listenerArn())).rules().stream()
                    .filter(rule -> !Boolean.TRUE.equals(rule.isDefault())).toList()).singleElement().satisfies(rule -> {
                        assertThat(rule.conditions()).singleElement().satisfies(condition -> {
                            assertThat(condition.httpHeaderConfig().httpHeaderName()).isEqualTo("X-Origin-Verify");
                            assertThat(condition.httpHeaderConfig().values()).containsExactly(originToken);
                        });
                        assertThat(rule.actions()).singleElement().satisfies(action ->
                                assertThat(action.targetGroupArn()).isEqualTo(targetGroup));
                    });

            var service = compute.ecs.describeServices(r -> r.cluster(stack).services("backend")).services().get(0);
            var network = service.networkConfiguration().awsvpcConfiguration();
            assertThat(network.subnets()).containsExactlyInAnyOrder(ids.get("network/subnet/private-a").asText(),
                    ids.get("network/subnet/private-b").asText());
            assertThat(network.securityGroups()).containsExactly(ids.get("network/sg/app").asText());
            assertThat(network.assignPublicIpAsString()).isEqualTo("DISABLED");
            assertThat(service.loadBalancers()).singleElement().satisfies(lb -> {
                assertThat(lb.targetGroupArn()).isEqualTo(targetGroup);
                assertThat(lb.containerName()).isEqualTo("app");
                assertThat(lb.containerPort()).isEqualTo(80);
            });
            assertThat(service.taskDefinition()).isEqualTo(task.taskDefinitionArn());

            DistributionConfig site = view.distributions().get("compute/site/distribution").distributionConfig();
            assertThat(site.aliases().items()).containsExactly(SITE);
            assertThat(site.viewerCertificate().acmCertificateArn()).isEqualTo(ids.get("dns/certificate/cloudfront").asText());
            assertThat(site.defaultRootObject()).isEqualTo("index.html");
            assertThat(site.defaultCacheBehavior().viewerProtocolPolicyAsString()).isEqualTo("redirect-to-https");
            assertThat(site.origins().items()).extracting(o -> o.domainName())
                    .contains("api." + SITE);
            assertThat(site.origins().items()).filteredOn(o -> o.domainName().equals("api." + SITE)).singleElement()
                    .satisfies(api -> assertThat(api.customHeaders().items()).singleElement().satisfies(header -> {
                        assertThat(header.headerName()).isEqualTo("X-Origin-Verify");
                        assertThat(header.headerValue()).as("the token the load balancer requires").isEqualTo(originToken);
                    }));
            String siteHeaders = ids.get("compute/site/headers").asText();
            assertThat(site.defaultCacheBehavior().responseHeadersPolicyId()).isEqualTo(siteHeaders);
            var headers = view.cloudFront.getResponseHeadersPolicy(r -> r.id(siteHeaders)).responseHeadersPolicy()
                    .responseHeadersPolicyConfig().securityHeadersConfig();
            assertThat(headers.strictTransportSecurity().accessControlMaxAgeSec()).isEqualTo(31_536_000);
            assertThat(headers.frameOptions().frameOptionAsString()).isEqualTo("DENY");
            assertThat(headers.contentSecurityPolicy().contentSecurityPolicy()).startsWith("default-src 'self'; img-src")
                    .contains("https://" + view.distributions().get("data/cdn/distribution/public").domainName())
                    .contains("frame-ancestors 'none'");
            assertThat(site.webACLId()).as("no web ACL unless waf.enabled").isEmpty();
            assertThat(site.cacheBehaviors().items()).singleElement().satisfies((CacheBehavior api) -> {
                assertThat(api.pathPattern()).isEqualTo("/api/*");
                assertThat(api.cachePolicyId()).isEqualTo(CACHING_DISABLED);
                assertThat(api.originRequestPolicyId()).isEqualTo(ALL_VIEWER_EXCEPT_HOST_HEADER);
                assertThat(api.responseHeadersPolicyId()).isEqualTo(siteHeaders);
                assertThat(api.allowedMethods().itemsAsStrings()).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS",
                        "PUT", "PATCH", "POST", "DELETE");
            });
            assertThat(site.customErrorResponses().items()).singleElement().satisfies(error -> {
                assertThat(error.errorCode()).isEqualTo(404);
                assertThat(error.responsePagePath()).isEqualTo("/index.html");
                assertThat(error.responseCode()).isEqualTo("200");
            });

            String zone = ids.get("dns/zone").asText();
            String siteDomain = outputs.get("distributions").get("site").asText();
            List<ResourceRecordSet> records = view.records(zone);
            assertThat(records).filteredOn(r -> r.name().equals(SITE + ".") && r.aliasTarget() != null)
                    .extracting(r -> r.typeAsString() + " " + r.aliasTarget().dnsName().replaceAll("\\.$", ""))
                    .containsExactlyInAnyOrder("A " + siteDomain, "AAAA " + siteDomain);
            String balancerDns = compute.elbv2.describeLoadBalancers(r -> r.loadBalancerArns(loadBalancer))
                    .loadBalancers().get(0).dnsName();
            assertThat(records).filteredOn(r -> r.name().equals("api." + SITE + ".") && r.aliasTarget() != null)
                    .extracting(r -> r.typeAsString() + " " + r.aliasTarget().dnsName().replaceAll("\\.$", "")
                            .toLowerCase())
                    .contains("A " + balancerDns.toLowerCase());

            String siteBucket = buckets.get("compute/site/bucket");
            Map<String, String> expectedTypes = Map.of("index.html", "text/html", "assets/app-1a2b3c4d.js",
                    "text/javascript", "assets/style-5e6f7a8b.css", "text/css", "favicon.ico", "image/x-icon");
            for (String key : ComputeFixture.DIST) {
                HeadObjectResponse head = view.s3.headObject(r -> r.bucket(siteBucket).key(key));
                assertThat(head.contentType()).as(key).startsWith(expectedTypes.get(key));
                String cache = head.cacheControl();
                if (key.equals("index.html")) {
                    assertThat(cache).as(key).isEqualTo("no-cache");
                } else if (key.startsWith("assets/")) {
                    assertThat(cache).as(key).isEqualTo("public, max-age=31536000, immutable");
                } else {
                    assertThat(cache).as(key).doesNotContain("immutable");
                }
            }

            Cli.Result teardown = cli.only(EVERY_LAYER).run("teardown", "--yes", "--delete-data", "--skip-final-snapshot");

            assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
            assertThat(compute.counts()).isEqualTo(ComputeView.NOTHING);
            assertThat(view.counts()).isEqualTo(StackView.NOTHING);
            assertThat(ec2.counts()).isEqualTo(Ec2View.NOTHING);
            assertThat(view.cloudFront.listResponseHeadersPolicies(r -> r.type("custom")).responseHeadersPolicyList()
                    .items()).as("response headers policies left").noneMatch(p -> p.responseHeadersPolicy()
                    .responseHeadersPolicyConfig().name().startsWith(stack + "-"));
            assertThat(ComputeFixture.tags(stack + "/backend")).as("images left in the registry").isEmpty();
        }
    }

    @Test
    void secondRun_changesNothing_changedBackend_oneImageOneRevisionOneServiceUpdate_changedWeb_onlyThatFile(
            AwsEmulator emulator) throws Exception {
        String stack = ComputeFixture.uniqueStack("rerun");
        Cli cli = ComputeFixture.cli(emulator, dir, stack);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (ComputeView compute = new ComputeView(emulator, stack)) {
            CallLog calls = new CallLog();

            Cli.Result second = cli.run(List.of(calls), "provision", "--json");

            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(calls.mutating()).as("mutating calls of a second run").isEmpty();
            assertThat(calls.all()).as("a second run reads the zones and CloudFront's prefix list id from state")
                    .doesNotContain("Ec2.DescribeAvailabilityZones", "Ec2.DescribeManagedPrefixLists")
                    .hasSizeLessThanOrEqualTo(NO_CHANGE_CALLS);
            assertThat(second.json().get("summary").get("mutatingCalls").asInt()).isZero();
            assertThat(second.err()).doesNotContain("building").doesNotContain("pushed");
            assertThat(compute.activeRevisions()).hasSize(1);
            assertThat(ComputeFixture.tags(stack + "/backend")).hasSize(1);

            ComputeFixture.write(dir, "app/target/app.jar", "a changed backend\n");
            CallLog changedBackend = new CallLog();
            Cli.Result rebuilt = cli.run(List.of(changedBackend), "provision");

            assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
            assertThat(ComputeFixture.tags(stack + "/backend")).as("images").hasSize(2);
            assertThat(compute.activeRevisions()).as("task definition revisions").hasSize(2);
            assertThat(changedBackend.count("Ecs.RegisterTaskDefinition")).isEqualTo(1);
            assertThat(changedBackend.count("Ecs.UpdateService")).isEqualTo(1);
            assertThat(changedBackend.mutating()).as("nothing else changes")
                    .containsExactlyInAnyOrder("Ecs.RegisterTaskDefinition", "Ecs.UpdateService");
            var service = compute.ecs.describeServices(r -> r.cluster(stack).services("backend")).services().get(0);
            assertThat(service.taskDefinition()).endsWith(":2");

            ComputeFixture.write(dir, "web/dist/assets/app-1a2b3c4d.js", "/* changed */\n");
            CallLog changedAsset = new CallLog();
            assertThat(cli.run(List.of(changedAsset), "provision").exitCode()).isZero();
            assertThat(changedAsset.mutating()).as("one changed asset").containsExactly("S3.PutObject");

            ComputeFixture.write(dir, "web/dist/index.html", "<!doctype html><title>Yoctogram 2</title>\n");
            CallLog changedIndex = new CallLog();
            assertThat(cli.run(List.of(changedIndex), "provision").exitCode()).isZero();
            assertThat(changedIndex.mutating()).as("a changed index.html")
                    .containsExactlyInAnyOrder("S3.PutObject", "CloudFront.CreateInvalidation", "S3.PutObjectTagging");

            assertThat(cli.only(EVERY_LAYER).run("teardown", "--yes", "--delete-data", "--skip-final-snapshot").exitCode()).isZero();
        }
    }

    @Test
    void status_detectsAChangedDesiredCount_aDeletedListener_andAnOutOfBandRevision(AwsEmulator emulator)
            throws Exception {
        String stack = ComputeFixture.uniqueStack("drift");
        Cli cli = ComputeFixture.cli(emulator, dir, stack);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (ComputeView compute = new ComputeView(emulator, stack)) {
            compute.ecs.updateService(r -> r.cluster(stack).service("backend").desiredCount(0));
            String loadBalancer = compute.loadBalancers().get(0);
            Listener http = compute.elbv2.describeListeners(r -> r.loadBalancerArn(loadBalancer)).listeners().stream()
                    .filter(l -> l.port() == 80).findFirst().orElseThrow();
            compute.elbv2.deleteListener(r -> r.listenerArn(http.listenerArn()));
            TaskDefinition current = compute.ecs.describeTaskDefinition(r -> r.taskDefinition(compute.family()))
                    .taskDefinition();
            ContainerDefinition edited = current.containerDefinitions().get(0).toBuilder()
                    .environment(KeyValuePair.builder().name("DEBUG").value("true").build()).build();
            compute.ecs.registerTaskDefinition(r -> r.family(current.family()).cpu(current.cpu())
                    .memory(current.memory()).networkMode(current.networkMode())
                    .requiresCompatibilities(current.requiresCompatibilities()).runtimePlatform(current.runtimePlatform())
                    .executionRoleArn(current.executionRoleArn()).taskRoleArn(current.taskRoleArn())
                    .containerDefinitions(edited));

            Cli.Result status = cli.run("status", "--json");

            assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
            Map<String, JsonNode> resources = new java.util.TreeMap<>();
            status.json().get("resources").forEach(resource -> resources.put(resource.get("id").asText(), resource));
            assertThat(resources.get("compute/ecs/service").get("status").asText()).isEqualTo("drifted");
            assertThat(resources.get("compute/ecs/service").get("differences").toString()).contains("desiredCount");
            assertThat(resources.get("compute/lb/listener/http").get("status").asText()).isEqualTo("missing");
            assertThat(resources.get("compute/ecs/task-definition").get("status").asText()).isEqualTo("drifted");
            assertThat(resources.values()).filteredOn(r -> !r.get("status").asText().equals("in-sync"))
                    .extracting(r -> r.get("id").asText()).containsExactlyInAnyOrder("compute/ecs/service",
                            "compute/lb/listener/http", "compute/ecs/task-definition");

            assertThat(cli.run("provision").exitCode()).isZero();
            Cli.Result after = cli.run("status");
            assertThat(after.exitCode()).as(after.toString()).isZero();
            assertThat(cli.only(EVERY_LAYER).run("teardown", "--yes", "--delete-data", "--skip-final-snapshot").exitCode()).isZero();
        }
    }
}
