package dev.yocto.resources.compute.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.compute.ecs.TaskFixture;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class RoleKindTest {

    private static final String STACK = "roletest";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Actions that read or write data; none may name every resource. */
    private static final List<String> DATA_ACTION_PREFIXES = List.of("s3:", "secretsmanager:", "logs:",
            "ecr:Batch", "ecr:GetDownload");

    private final Runs runs;
    private final TaskFixture fixture;
    private final IamClient iam;
    private final Desired<?> execution = TaskFixture.executionRole();
    private final Desired<?> task = TaskFixture.taskRole();

    RoleKindTest(AwsEmulator emulator) {
        runs = new Runs(emulator, STACK);
        fixture = new TaskFixture(runs, STACK);
        iam = runs.aws().iam();
    }

    @AfterEach
    void deleteRoles() {
        Context context = runs.context();
        for (Desired<?> role : List.of(execution, task)) {
            Runs.observe(context, role, Optional.empty()).ifPresent(live -> Runs.delete(context, role, live));
        }
    }

    @Test
    void executionRole_pullsTheImage_writesTheLogGroup_andReadsExactlyTheThreeSecrets() {
        Context context = fixture.run();
        Live live = Runs.converge(context, execution, Optional.empty());

        assertThat(live.physicalId()).isEqualTo("roletest-ecs-execution");
        assertThat(live.attributes()).containsEntry("name", "roletest-ecs-execution").containsKey("arn");
        Map<String, List<String>> grants = grants(inlinePolicy(live.physicalId()));
        String logGroupArn = context.dependency(ComputeLayer.LOG_GROUP).attribute("arn");
        assertThat(grants).as("actions and their resources").containsOnly(
                entry("ecr:GetAuthorizationToken", List.of("*")),
                entry("ecr:BatchCheckLayerAvailability", List.of(repositoryArn(context))),
                entry("ecr:GetDownloadUrlForLayer", List.of(repositoryArn(context))),
                entry("ecr:BatchGetImage", List.of(repositoryArn(context))),
                entry("logs:CreateLogStream", List.of(logGroupArn + ":log-stream:*")),
                entry("logs:PutLogEvents", List.of(logGroupArn + ":log-stream:*")),
                entry("secretsmanager:GetSecretValue", sorted(
                        context.dependency(DataLayer.SECRET_DB).attribute("arn"),
                        context.dependency(DataLayer.SECRET_JWT).attribute("arn"),
                        context.dependency(DataLayer.SECRET_CLOUDFRONT_KEY).attribute("arn"))));
        assertThat(logGroupArn).as("log group ARN without ':*'").doesNotEndWith(":*");
        assertNoWildcardOnDataActions(grants);
        assertTrustsEcsTasks(live.physicalId());
        assertThat(roleTags(live.physicalId())).containsEntry(Tags.STACK, STACK)
                .containsEntry(Tags.RESOURCE, "compute/role/execution");
    }

    @Test
    void taskRole_readsAndWritesObjectsOfExactlyTheTwoImageBuckets() {
        Context context = fixture.run();
        Live live = Runs.converge(context, task, Optional.empty());

        String publicArn = context.dependency(DataLayer.BUCKET_PUBLIC).attribute("arn");
        String privateArn = context.dependency(DataLayer.BUCKET_PRIVATE).attribute("arn");
        Map<String, List<String>> grants = grants(inlinePolicy(live.physicalId()));
        assertThat(grants).as("actions and their resources").containsOnly(
                entry("s3:GetObject", sorted(publicArn + "/*", privateArn + "/*")),
                entry("s3:PutObject", sorted(publicArn + "/*", privateArn + "/*")),
                entry("s3:ListBucket", sorted(publicArn, privateArn)));
        assertNoWildcardOnDataActions(grants);
        assertTrustsEcsTasks(live.physicalId());
    }

    @Test
    void secondRun_seesNoDifference() {
        Runs.converge(fixture.run(), execution, Optional.empty());
        Runs.converge(fixture.run(), task, Optional.empty());

        Context second = fixture.run();
        for (Desired<?> role : List.of(execution, task)) {
            Live observed = Runs.observe(second, role, Optional.empty()).orElseThrow();
            assertThat(Runs.diff(second, role, observed)).as("differences of %s on a second run", role.address()).isEmpty();
        }
    }

    @Test
    void outOfBandGrants_areDrift_andUpdateRemovesThem() {
        Live live = Runs.converge(fixture.run(), task, Optional.empty());
        String name = live.physicalId();
        iam.putRolePolicy(r -> r.roleName(name).policyName(RoleKind.POLICY_NAME).policyDocument(
                new PolicyDocument().allow("Everything", List.of("s3:*"), List.of("*")).json()));
        iam.putRolePolicy(r -> r.roleName(name).policyName("added-by-hand").policyDocument(
                new PolicyDocument().allow("More", List.of("s3:DeleteObject"), List.of("*")).json()));
        String managed = iam.createPolicy(r -> r.policyName("roletest-extra").policyDocument(
                new PolicyDocument().allow("Extra", List.of("sqs:SendMessage"), List.of("*")).json())).policy().arn();
        iam.attachRolePolicy(r -> r.roleName(name).policyArn(managed));
        iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(PolicyDocument.trust("ec2.amazonaws.com", "123456789012").json()));
        iam.untagRole(r -> r.roleName(name).tagKeys(Tags.RESOURCE));

        Context context = fixture.run();
        Live drifted = Runs.observe(context, task, Optional.of(name)).orElseThrow();
        assertThat(Runs.diff(context, task, drifted)).extracting(Difference::field)
                .containsExactlyInAnyOrder("policy", "otherPolicies", "trustPolicy", "tags");
        assertThat(drifted.observed().get("otherPolicies")).contains("added-by-hand", managed);

        Runs.converge(context, task, Optional.of(name));

        assertThat(grants(inlinePolicy(name))).doesNotContainKey("s3:*").containsKey("s3:GetObject");
        assertThat(iam.listRolePolicies(r -> r.roleName(name)).policyNames()).containsExactly(RoleKind.POLICY_NAME);
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies()).isEmpty();
        assertTrustsEcsTasks(name);
        assertThat(roleTags(name)).containsEntry(Tags.RESOURCE, "compute/role/task");
        Context after = fixture.run();
        assertThat(Runs.diff(after, task, Runs.observe(after, task, Optional.of(name)).orElseThrow())).isEmpty();
    }

    @Test
    void createAfterALostResponse_adoptsTheRole() {
        Live first = Runs.create(fixture.run(), execution);
        Live again = Runs.create(fixture.run(), execution);

        assertThat(again.arn()).isEqualTo(first.arn());
        assertThat(iam.listRolePolicies(r -> r.roleName(first.physicalId())).policyNames())
                .containsExactly(RoleKind.POLICY_NAME);
    }

    @Test
    void delete_removesInlineAndAttachedPoliciesFirst_thenTheRole() {
        Live live = Runs.converge(fixture.run(), execution, Optional.empty());
        String managed = iam.createPolicy(r -> r.policyName("roletest-attached").policyDocument(
                new PolicyDocument().allow("Extra", List.of("sqs:SendMessage"), List.of("*")).json())).policy().arn();
        iam.attachRolePolicy(r -> r.roleName(live.physicalId()).policyArn(managed));

        Runs.delete(runs.context(), execution, live);

        assertThatThrownBy(() -> iam.getRole(r -> r.roleName(live.physicalId())))
                .isInstanceOf(NoSuchEntityException.class);
        assertThat(Runs.observe(runs.context(), execution, Optional.of(live.physicalId()))).isEmpty();
        Runs.delete(runs.context(), execution, live);
    }

    @Test
    void aRoleOfTheSameNameWithoutTheStackTag_isAConflict_notAdopted() {
        iam.createRole(r -> r.roleName("roletest-ecs-task")
                .assumeRolePolicyDocument(PolicyDocument.trust(RoleKind.TRUSTED_SERVICE, "123456789012").json())
                .tags(Tag.builder().key(Tags.STACK).value("someone-else").build()));
        try {
            assertThatThrownBy(() -> Runs.observe(fixture.run(), task, Optional.empty()))
                    .isInstanceOf(ResourceException.class)
                    .hasMessageContaining("roletest-ecs-task")
                    .hasMessageContaining("yocto:stack=roletest");
        } finally {
            iam.deleteRole(r -> r.roleName("roletest-ecs-task"));
        }
    }

    private String repositoryArn(Context context) {
        return context.dependency(ComputeLayer.ECR_REPOSITORY).attribute("arn");
    }

    private String inlinePolicy(String roleName) {
        String document = iam.getRolePolicy(r -> r.roleName(roleName).policyName(RoleKind.POLICY_NAME))
                .policyDocument();
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    private void assertTrustsEcsTasks(String roleName) {
        Role role = iam.getRole(r -> r.roleName(roleName)).role();
        JsonNode trust = read(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertThat(trust.path("Statement")).as("trust statements").hasSize(1);
        JsonNode statement = trust.path("Statement").get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(texts(statement.path("Principal").path("Service"))).containsExactly("ecs-tasks.amazonaws.com");
        assertThat(texts(statement.path("Action"))).containsExactly("sts:AssumeRole");
        String account = runs.aws().sts().getCallerIdentity().account();
        assertThat(statement.path("Condition").path("StringEquals").path("aws:SourceAccount").asText())
                .as("the confused-deputy condition").isEqualTo(account);
    }

    private Map<String, String> roleTags(String roleName) {
        return iam.getRole(r -> r.roleName(roleName)).role().tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    /** Action → the resources the document allows it on. */
    private static Map<String, List<String>> grants(String document) {
        Map<String, List<String>> grants = new TreeMap<>();
        for (JsonNode statement : read(document).path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.has("Condition")).isFalse();
            for (String action : texts(statement.path("Action"))) {
                grants.computeIfAbsent(action, a -> new ArrayList<>()).addAll(texts(statement.path("Resource")));
            }
        }
        grants.values().forEach(resources -> resources.sort(null));
        return grants;
    }

    private static void assertNoWildcardOnDataActions(Map<String, List<String>> grants) {
        grants.forEach((action, resources) -> {
            if (DATA_ACTION_PREFIXES.stream().anyMatch(action::startsWith)) {
                assertThat(resources).as("resources of %s", action).noneMatch(resource -> resource.equals("*"));
            }
        });
    }

    private static List<String> sorted(String... values) {
        return java.util.Arrays.stream(values).sorted().toList();
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> texts.add(element.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
