package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.KeyGroup;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * The data layer (with the dns and network layers it builds on) on the emulator: what provision
 * makes, checked by describing it; re-runs; drift; teardown and its data-safety rules.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the data layer needs RDS and CloudFront, which LocalStack's community runtime answers with 501")
class DataLayerTest {

    private static final String LAYERS = "dns,network,data";
    private static final String SITE_ORIGIN = "https://yoctogram.example.infracourse.cloud";
    private static final String EXCLUDED = "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~ ";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void provision_createsTheDataLayerOfTheDesign(AwsEmulator emulator) throws Exception {
        Cli cli = new Cli(emulator, dir, "datadesign", LAYERS);

        Cli.Result result = cli.run("provision");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (StackView view = new StackView(emulator, "datadesign"); Ec2View ec2 = new Ec2View(emulator, "datadesign")) {
            assertThat(view.counts()).isEqualTo(StackView.FULL);
            Map<String, String> subnets = ec2.subnets().stream().collect(Collectors.toMap(
                    s -> Ec2View.tags(s.tags()).get("yocto:resource"), s -> s.subnetId()));
            String dbGroup = ec2.securityGroups().stream()
                    .filter(g -> Ec2View.tags(g.tags()).get("yocto:resource").equals("network/sg/db"))
                    .findFirst().orElseThrow().groupId();

            DBCluster cluster = view.clusters().get(0);
            assertThat(cluster.engine()).isEqualTo("aurora-postgresql");
            assertThat(cluster.engineVersion()).isEqualTo("16.6");
            assertThat(cluster.databaseName()).isEqualTo("yoctogram");
            assertThat(cluster.masterUsername()).isEqualTo("yoctogram");
            assertThat(cluster.storageEncrypted()).isTrue();
            assertThat(cluster.deletionProtection()).isFalse();
            assertThat(cluster.vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId()).containsExactly(dbGroup);
            assertThat(cluster.serverlessV2ScalingConfiguration().minCapacity()).isEqualTo(0.5);
            assertThat(cluster.serverlessV2ScalingConfiguration().maxCapacity()).isEqualTo(2.0);
            assertThat(cluster.backupRetentionPeriod()).as("days of automated backups").isEqualTo(7);
            assertThat(cluster.dbClusterParameterGroup()).isEqualTo("datadesign-data-db-parameters");
            assertThat(view.rds.describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName(
                    cluster.dbClusterParameterGroup())).dbClusterParameterGroups().get(0).dbParameterGroupFamily())
                    .isEqualTo("aurora-postgresql16");
            assertThat(view.rds.describeDBClusterParameters(r -> r.dbClusterParameterGroupName(
                    cluster.dbClusterParameterGroup()).source("user")).parameters())
                    .as("the server refuses connections without TLS")
                    .anySatisfy(p -> assertThat(p.parameterName() + "=" + p.parameterValue()).isEqualTo("rds.force_ssl=1"));
            assertThat(view.rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(cluster.dbSubnetGroup()))
                    .dbSubnetGroups().get(0).subnets()).extracting(s -> s.subnetIdentifier())
                    .as("the subnet group holds the isolated subnets only")
                    .containsExactlyInAnyOrder(subnets.get("network/subnet/isolated-a"),
                            subnets.get("network/subnet/isolated-b"));
            DBInstance instance = view.instances().get(0);
            assertThat(instance.dbInstanceClass()).isEqualTo("db.serverless");
            assertThat(instance.dbClusterIdentifier()).isEqualTo(cluster.dbClusterIdentifier());
            assertThat(instance.dbInstanceStatus()).isEqualTo("available");
            assertThat(instance.publiclyAccessible()).isFalse();

            var secrets = view.secretsByResource();
            assertThat(secrets).containsOnlyKeys("data/secret/db", "data/secret/jwt", "data/secret/cloudfront-key");
            JsonNode db = JSON.readTree(secretValue(view, secrets.get("data/secret/db").arn()));
            assertThat(fieldNames(db)).containsExactlyInAnyOrder("username", "password", "engine", "host", "port",
                    "dbname");
            assertThat(db.get("username").asText()).isEqualTo("yoctogram");
            assertThat(db.get("dbname").asText()).isEqualTo("yoctogram");
            assertThat(db.get("engine").asText()).isEqualTo("postgres");
            assertThat(db.get("host").asText()).isEqualTo(cluster.endpoint());
            assertThat(db.get("port").asInt()).isEqualTo(5432);
            String password = db.get("password").asText();
            assertThat(password).hasSize(32);
            assertThat(password.chars().filter(c -> EXCLUDED.indexOf(c) >= 0)).as("excluded characters").isEmpty();
            assertThat(secretValue(view, secrets.get("data/secret/jwt").arn())).hasSize(64);
            String privateKey = secretValue(view, secrets.get("data/secret/cloudfront-key").arn());
            assertThat(privateKey).startsWith("-----BEGIN PRIVATE KEY-----");

            Map<String, String> buckets = view.buckets();
            assertThat(buckets).containsOnlyKeys("data/bucket/public-images", "data/bucket/private-images");
            Map<String, Distribution> distributions = view.distributions();
            assertThat(distributions).containsOnlyKeys("data/cdn/distribution/public", "data/cdn/distribution/private");
            for (String purpose : List.of("public", "private")) {
                String bucket = buckets.get("data/bucket/" + purpose + "-images");
                assertThat(bucket).isEqualTo("datadesign-" + purpose + "-images-123456789012-us-west-2");
                PublicAccessBlockConfiguration block = view.s3.getPublicAccessBlock(r -> r.bucket(bucket))
                        .publicAccessBlockConfiguration();
                assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
                        block.restrictPublicBuckets())).as(bucket + " block public access").containsOnly(true);
                assertThat(view.s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration()
                        .rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
                CORSRule cors = view.s3.getBucketCors(r -> r.bucket(bucket)).corsRules().get(0);
                assertThat(cors.allowedMethods()).containsExactly("POST");
                assertThat(cors.allowedOrigins()).containsExactly(SITE_ORIGIN);
                assertThat(view.s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules())
                        .as(bucket + ": uploads never confirmed expire").singleElement().satisfies(rule -> {
                            assertThat(rule.statusAsString()).isEqualTo("Enabled");
                            assertThat(rule.filter().prefix()).isEqualTo("uploads/");
                            assertThat(rule.expiration().days()).isEqualTo(1);
                        });

                Distribution distribution = distributions.get("data/cdn/distribution/" + purpose);
                JsonNode policy = JSON.readTree(view.s3.getBucketPolicy(r -> r.bucket(bucket)).policy());
                List<JsonNode> allows = statements(policy, "Allow");
                assertThat(allows).as(bucket + " policy allows only its distribution").singleElement().satisfies(s -> {
                    assertThat(s.at("/Principal/Service").asText()).isEqualTo("cloudfront.amazonaws.com");
                    assertThat(s.get("Action").asText()).isEqualTo("s3:GetObject");
                    assertThat(s.get("Resource").asText()).as("CloudFront reads checked images, never uploads/")
                            .isEqualTo("arn:aws:s3:::" + bucket + "/images/*");
                    assertThat(s.at("/Condition/StringEquals/AWS:SourceArn").asText()).isEqualTo(distribution.arn());
                });
                assertThat(statements(policy, "Deny")).as("the emulator profile leaves out the conditional deny")
                        .isEmpty();

                var config = distribution.distributionConfig();
                assertThat(config.origins().items()).singleElement().satisfies(origin -> assertThat(origin.domainName())
                        .isEqualTo(bucket + ".s3.us-west-2.amazonaws.com"));
                assertThat(config.defaultCacheBehavior().viewerProtocolPolicy()).isEqualTo(ViewerProtocolPolicy.HTTPS_ONLY);
                assertThat(config.enabled()).isTrue();
                var headers = view.cloudFront.getResponseHeadersPolicy(r -> r.id(config.defaultCacheBehavior()
                        .responseHeadersPolicyId())).responseHeadersPolicy().responseHeadersPolicyConfig();
                assertThat(headers.name()).as(purpose + " distribution's headers policy")
                        .isEqualTo("datadesign-data-cdn-headers-images");
                assertThat(headers.securityHeadersConfig().contentTypeOptions().override()).as("nosniff").isTrue();
                assertThat(headers.securityHeadersConfig().contentSecurityPolicy().contentSecurityPolicy())
                        .isEqualTo("default-src 'none'; sandbox");
                assertThat(headers.securityHeadersConfig().contentSecurityPolicy().override()).isTrue();
            }
            var oac = view.cloudFront.listOriginAccessControls(r -> { }).originAccessControlList().items().stream()
                    .filter(o -> o.name().equals("datadesign-data-cdn-origin-access-control")).toList();
            assertThat(oac).singleElement().satisfies(o -> {
                assertThat(o.signingProtocolAsString()).isEqualTo("sigv4");
                assertThat(o.signingBehaviorAsString()).isEqualTo("always");
                assertThat(o.originAccessControlOriginTypeAsString()).isEqualTo("s3");
            });
            assertThat(distributions.get("data/cdn/distribution/public").distributionConfig().defaultCacheBehavior()
                    .trustedKeyGroups().enabled()).isFalse();
            var trusted = distributions.get("data/cdn/distribution/private").distributionConfig().defaultCacheBehavior()
                    .trustedKeyGroups();
            assertThat(trusted.enabled()).isTrue();
            KeyGroup group = view.cloudFront.getKeyGroup(r -> r.id(trusted.items().get(0))).keyGroup();
            String publicKey = view.cloudFront.getPublicKey(r -> r.id(group.keyGroupConfig().items().get(0)))
                    .publicKey().publicKeyConfig().encodedKey();
            assertThat(modulus(publicKey)).as("CloudFront holds the public half of the cloudfront-key secret")
                    .isEqualTo(privateModulus(privateKey));
        }
    }

    @Test
    void provision_secondRun_makesNoMutatingCall_andTheStateHoldsNoSecret(AwsEmulator emulator) throws Exception {
        Cli cli = new Cli(emulator, dir, "datarerun", LAYERS);
        assertThat(cli.run("provision").exitCode()).isZero();

        Cli.Result again = cli.run("provision", "--json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode summary = again.json().get("summary");
        assertThat(summary.get("mutatingCalls").asInt()).as(again.toString()).isZero();
        assertThat(summary.get("created").asInt() + summary.get("updated").asInt()).isZero();
        assertThat(cli.run("status").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "datarerun")) {
            var secrets = view.secretsByResource();
            String password = JSON.readTree(secretValue(view, secrets.get("data/secret/db").arn())).get("password")
                    .asText();
            String jwt = secretValue(view, secrets.get("data/secret/jwt").arn());
            String privateKey = secretValue(view, secrets.get("data/secret/cloudfront-key").arn());
            List<String> secretTexts = new ArrayList<>(List.of(password, jwt));
            privateKey.lines().filter(line -> !line.startsWith("-----")).forEach(secretTexts::add);
            for (Path file : List.of(cli.statePath(), cli.statePath().resolveSibling("datarerun.state.json.backup"))) {
                String state = Files.readString(file);
                assertThat(state).as(file + " holds the secret ARNs").contains(secrets.get("data/secret/db").arn());
                assertThat(state).doesNotContain("PRIVATE KEY");
                for (String secret : secretTexts) {
                    assertThat(state).as("%s holds no secret value", file).doesNotContain(secret);
                }
            }
            assertThat(again.out() + again.err()).doesNotContain(password).doesNotContain(jwt);
        }
    }

    @Test
    void status_reportsOutOfBandChanges_andProvisionRepairsThem(AwsEmulator emulator) throws Exception {
        Cli cli = new Cli(emulator, dir, "datadrift", LAYERS);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "datadrift")) {
            Map<String, String> buckets = view.buckets();
            String publicBucket = buckets.get("data/bucket/public-images");
            String privateBucket = buckets.get("data/bucket/private-images");
            view.s3.putPublicAccessBlock(r -> r.bucket(publicBucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(false).ignorePublicAcls(false).blockPublicPolicy(false)
                    .restrictPublicBuckets(false)));
            String foreignPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Service\":\"cloudfront.amazonaws.com\"},\"Action\":\"s3:GetObject\",\"Resource\":"
                    + "\"arn:aws:s3:::" + privateBucket + "/*\",\"Condition\":{\"StringEquals\":{\"AWS:SourceArn\":"
                    + "\"arn:aws:cloudfront::123456789012:distribution/ELSEWHERE\"}}}]}";
            view.s3.putBucketPolicy(r -> r.bucket(privateBucket).policy(foreignPolicy));
            DBCluster cluster = view.clusters().get(0);
            view.rds.modifyDBCluster(r -> r.dbClusterIdentifier(cluster.dbClusterIdentifier()).deletionProtection(true)
                    .applyImmediately(true));
            String jwtArn = view.secretsByResource().get("data/secret/jwt").arn();
            String jwt = secretValue(view, jwtArn);
            view.secrets.deleteSecret(r -> r.secretId(jwtArn).recoveryWindowInDays(7L));
            Distribution publicCdn = view.distributions().get("data/cdn/distribution/public");
            var current = view.cloudFront.getDistributionConfig(r -> r.id(publicCdn.id()));
            var loosened = current.distributionConfig().toBuilder().defaultCacheBehavior(current.distributionConfig()
                    .defaultCacheBehavior().toBuilder().viewerProtocolPolicy(ViewerProtocolPolicy.ALLOW_ALL).build())
                    .build();
            view.cloudFront.updateDistribution(r -> r.id(publicCdn.id()).ifMatch(current.eTag())
                    .distributionConfig(loosened));

            Cli.Result status = cli.run("status", "--json");

            assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
            Map<String, JsonNode> byId = StreamSupport.stream(status.json().get("resources").spliterator(), false)
                    .collect(Collectors.toMap(n -> n.get("id").asText(), n -> n));
            assertThat(fields(byId.get("data/bucket/public-images"))).containsExactlyInAnyOrder("blockPublicAcls",
                    "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets");
            assertThat(fields(byId.get("data/bucket-policy/private-images"))).containsExactly("policy");
            assertThat(difference(byId.get("data/bucket-policy/private-images"), "policy").get("live").asText())
                    .contains("ELSEWHERE");
            assertThat(fields(byId.get("data/db/cluster"))).containsExactly("deletionProtection");
            assertThat(difference(byId.get("data/db/cluster"), "deletionProtection").get("live").asText())
                    .isEqualTo("true");
            assertThat(fields(byId.get("data/secret/jwt"))).containsExactly("deletion");
            assertThat(difference(byId.get("data/secret/jwt"), "deletion").get("live").asText()).startsWith("scheduled");
            assertThat(fields(byId.get("data/cdn/distribution/public"))).containsExactly("viewerProtocolPolicy");
            assertThat(difference(byId.get("data/cdn/distribution/public"), "viewerProtocolPolicy").get("live")
                    .asText()).isEqualTo("allow-all");
            assertThat(byId.values().stream().filter(n -> !n.get("status").asText().equals("in-sync"))
                    .map(n -> n.get("id").asText())).containsExactlyInAnyOrder("data/bucket/public-images",
                    "data/bucket-policy/private-images", "data/db/cluster", "data/secret/jwt",
                    "data/cdn/distribution/public");

            Cli.Result repair = cli.run("provision");

            assertThat(repair.exitCode()).as(repair.toString()).isZero();
            Cli.Result after = cli.run("status");
            assertThat(after.exitCode()).as(after.toString()).isZero();
            assertThat(view.s3.getPublicAccessBlock(r -> r.bucket(publicBucket)).publicAccessBlockConfiguration()
                    .blockPublicPolicy()).isTrue();
            assertThat(view.s3.getBucketPolicy(r -> r.bucket(privateBucket)).policy()).doesNotContain("ELSEWHERE")
                    .contains(view.distributions().get("data/cdn/distribution/private").arn());
            assertThat(view.clusters().get(0).deletionProtection()).isFalse();
            assertThat(view.secrets.describeSecret(r -> r.secretId(jwtArn)).deletedDate()).isNull();
            assertThat(secretValue(view, jwtArn)).as("restored, not rotated").isEqualTo(jwt);
            assertThat(view.distributions().get("data/cdn/distribution/public").distributionConfig()
                    .defaultCacheBehavior().viewerProtocolPolicy()).isEqualTo(ViewerProtocolPolicy.HTTPS_ONLY);
            assertThat(view.counts()).isEqualTo(StackView.FULL);
        }
    }

    @Test
    void provision_afterTheDbSecretIsDeletedForGood_makesANewOne_andResetsTheMasterPassword(AwsEmulator emulator)
            throws Exception {
        Cli cli = new Cli(emulator, dir, "datapass", LAYERS);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "datapass")) {
            String old = view.secretsByResource().get("data/secret/db").arn();
            view.secrets.deleteSecret(r -> r.secretId(old).forceDeleteWithoutRecovery(true));

            Cli.Result status = cli.run("status", "--json");
            assertThat(status.exitCode()).isEqualTo(2);
            Cli.Result repair = cli.run("provision", "--json");

            assertThat(repair.exitCode()).as(repair.toString()).isZero();
            Map<String, String> actions = StreamSupport.stream(repair.json().get("changes").spliterator(), false)
                    .collect(Collectors.toMap(n -> n.get("id").asText(), n -> n.get("action").asText()));
            assertThat(actions).containsEntry("data/secret/db", "create").containsEntry("data/db/cluster", "update")
                    .containsEntry("data/db/connection", "create");
            String fresh = view.secretsByResource().get("data/secret/db").arn();
            assertThat(fresh).isNotEqualTo(old);
            assertThat(view.clusters().get(0).tagList()).anySatisfy(tag -> {
                assertThat(tag.key()).isEqualTo("yocto:password-secret");
                assertThat(tag.value()).isEqualTo(fresh);
            });
            assertThat(JSON.readTree(secretValue(view, fresh)).get("host").asText())
                    .isEqualTo(view.clusters().get(0).endpoint());
            assertThat(cli.run("status").exitCode()).isZero();
        }
    }

    @Test
    void provision_afterTheCloudFrontKeySecretIsReplaced_stopsWithAClearMessage(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "datakey", LAYERS);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "datakey")) {
            String arn = view.secretsByResource().get("data/secret/cloudfront-key").arn();
            view.secrets.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));

            Cli.Result result = cli.run("provision");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("data/cdn/public-key")
                    .contains("is not the public half of the key in the cloudfront-key secret")
                    .doesNotContain("PRIVATE KEY");
            Cli.Result status = cli.run("status", "--json");
            assertThat(StreamSupport.stream(status.json().get("resources").spliterator(), false)
                    .filter(n -> n.get("id").asText().equals("data/cdn/public-key")).findFirst().orElseThrow()
                    .get("differences").get(0).get("field").asText()).isEqualTo("fingerprint");
        }
    }

    /**
     * A no-change run takes the key's fingerprint and the database's host from state while each
     * secret's current version is the one they were read from: a value put in place of either (a new
     * version) is still seen, and the host is written back.
     */
    @Test
    void status_afterSecretValuesArePutBehindYoctosBack_reportsTheKeyAndTheHost(AwsEmulator emulator)
            throws Exception {
        Cli cli = new Cli(emulator, dir, "dataput", LAYERS);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "dataput")) {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String otherKey = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            view.secrets.putSecretValue(r -> r.secretId(view.secretsByResource().get("data/secret/cloudfront-key").arn())
                    .secretString(otherKey));
            String db = view.secretsByResource().get("data/secret/db").arn();
            var fields = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(secretValue(view, db));
            fields.put("host", "elsewhere.example.com");
            view.secrets.putSecretValue(r -> r.secretId(db).secretString(fields.toString()));

            Cli.Result status = cli.run("status", "--json");

            assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
            Map<String, List<String>> fieldsById = new java.util.HashMap<>();
            status.json().get("resources").forEach(n -> n.path("differences").forEach(d -> fieldsById
                    .computeIfAbsent(n.get("id").asText(), k -> new ArrayList<>()).add(d.get("field").asText())));
            assertThat(fieldsById).containsEntry("data/cdn/public-key", List.of("fingerprint"))
                    .containsEntry("data/db/connection", List.of("host"));
        }
    }

    @Test
    void teardown_byDefault_keepsTheImageBuckets_andLeavesAFinalSnapshot(AwsEmulator emulator) throws Exception {
        Cli cli = new Cli(emulator, dir, "datakeep", LAYERS);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "datakeep"); Ec2View ec2 = new Ec2View(emulator, "datakeep")) {
            Map<String, String> buckets = view.buckets();
            view.s3.putObject(r -> r.bucket(buckets.get("data/bucket/public-images")).key("images/1.png"),
                    RequestBody.fromString("a picture"));

            Cli.Result teardown = cli.run("teardown", "--yes", "--json");

            assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
            JsonNode document = teardown.json();
            Map<String, String> kept = StreamSupport.stream(document.get("kept").spliterator(), false)
                    .collect(Collectors.toMap(n -> n.get("id").asText(), n -> n.get("physicalId").asText()));
            assertThat(kept).containsAllEntriesOf(buckets).containsKey("dns/zone").hasSize(buckets.size() + 1);
            String snapshot = document.get("finalSnapshot").asText();
            assertThat(snapshot).startsWith("datakeep-data-db-cluster-final-");
            assertThat(view.buckets()).isEqualTo(buckets);
            assertThat(view.s3.getObjectAsBytes(r -> r.bucket(buckets.get("data/bucket/public-images")).key("images/1.png"))
                    .asUtf8String()).isEqualTo("a picture");
            assertThat(view.snapshots()).extracting(s -> s.dbClusterSnapshotIdentifier()).containsExactly(snapshot);
            assertThat(view.clusters()).isEmpty();
            assertThat(view.distributions()).isEmpty();
            assertThat(view.zones()).as("the hosted zone is kept too").hasSize(1);
            assertThat(ec2.counts()).isEqualTo(Ec2View.NOTHING);

            Cli.Result text = cli.run("teardown", "--yes");
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).contains("Kept data/bucket/public-images " + buckets.get("data/bucket/public-images"))
                    .contains("--delete-data");
        }
    }

    @Test
    void teardown_withDeleteDataAndSkipFinalSnapshot_leavesNothingTaggedWithTheStack(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "datagone", LAYERS);
        assertThat(cli.run("provision").exitCode()).isZero();
        try (StackView view = new StackView(emulator, "datagone"); Ec2View ec2 = new Ec2View(emulator, "datagone")) {
            String bucket = view.buckets().get("data/bucket/private-images");
            view.s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v
                    .status(BucketVersioningStatus.ENABLED)));
            view.s3.putObject(r -> r.bucket(bucket).key("a.png"), RequestBody.fromString("one"));
            view.s3.putObject(r -> r.bucket(bucket).key("a.png"), RequestBody.fromString("two"));
            view.s3.deleteObject(r -> r.bucket(bucket).key("a.png"));
            assertThat(view.s3.listObjectVersions(r -> r.bucket(bucket)).deleteMarkers()).hasSize(1);

            Cli.Result teardown = cli.run("teardown", "--yes", "--delete-data", "--skip-final-snapshot", "--json");

            assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
            assertThat(teardown.json().get("kept")).isEmpty();
            assertThat(teardown.json().get("finalSnapshot").isNull()).isTrue();
            assertThat(view.counts()).isEqualTo(StackView.NOTHING);
            assertThat(ec2.counts()).isEqualTo(Ec2View.NOTHING);
            assertThat(view.cloudFront.listOriginAccessControls(r -> { }).originAccessControlList().items())
                    .noneMatch(o -> o.name().startsWith("datagone-"));
            assertThat(view.cloudFront.listPublicKeys().publicKeyList().items())
                    .noneMatch(k -> k.name().startsWith("datagone-"));
            assertThat(view.cloudFront.listResponseHeadersPolicies(r -> r.type("custom")).responseHeadersPolicyList()
                    .items()).noneMatch(p -> p.responseHeadersPolicy().responseHeadersPolicyConfig().name()
                    .startsWith("datagone-"));
        }
    }

    static String secretValue(StackView view, String arn) {
        return view.secrets.getSecretValue(r -> r.secretId(arn)).secretString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> statements(JsonNode policy, String effect) {
        return StreamSupport.stream(policy.get("Statement").spliterator(), false)
                .filter(s -> s.get("Effect").asText().equals(effect)).toList();
    }

    private static List<String> fields(JsonNode resource) {
        return StreamSupport.stream(resource.get("differences").spliterator(), false)
                .map(d -> d.get("field").asText()).toList();
    }

    private static JsonNode difference(JsonNode resource, String field) {
        return StreamSupport.stream(resource.get("differences").spliterator(), false)
                .filter(d -> d.get("field").asText().equals(field)).findFirst().orElseThrow();
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    private static java.math.BigInteger modulus(String publicPem) throws Exception {
        return ((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(publicPem))))
                .getModulus();
    }

    private static java.math.BigInteger privateModulus(String privatePem) throws Exception {
        return ((RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(der(privatePem)))).getModulus();
    }
}
