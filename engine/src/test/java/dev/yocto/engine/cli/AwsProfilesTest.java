package dev.yocto.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The shared AWS configuration: an IAM Identity Center profile's credentials and a profile's region. */
class AwsProfilesTest {

    @TempDir
    Path home;

    private Map<String, String> environment(String config) throws Exception {
        Path file = home.resolve("config");
        Files.writeString(file, config);
        return Map.of("AWS_CONFIG_FILE", file.toString(), "HOME", home.toString());
    }

    @Test
    void anSsoProfilesCredentialsComeFromTheSsoModulesNotAMissingClasspathError() throws Exception {
        var env = environment("""
                [profile course]
                sso_session = school
                sso_account_id = 111122223333
                sso_role_name = Student
                region = eu-west-3

                [sso-session school]
                sso_start_url = https://school.awsapps.com/start
                sso_region = eu-west-3
                sso_registration_scopes = sso:account:access
                """);
        AwsCredentialsProvider provider = new AwsProfiles(env).credentials("course");
        // Without the sso/ssooidc modules the SDK says "the 'sso' service module must be on the class path".
        // With them it gets as far as reading the token cache `aws sso login` would have written.
        assertThatThrownBy(provider::resolveCredentials)
                .satisfies(e -> assertThat(messages(e)).doesNotContain("class path").containsIgnoringCase("token"));
    }

    @Test
    void theRegionOfTheChosenProfileIsUsedWhenNoVariableNamesOne() throws Exception {
        var env = new java.util.HashMap<>(environment("""
                [default]
                region = us-east-2

                [profile course]
                region = eu-west-3
                """));
        AwsProfiles profiles = new AwsProfiles(env);
        assertThat(profiles.chosen("course").flatMap(profiles::region)).contains("eu-west-3");
        assertThat(Session.defaultRegion(options("course"), invocation(env))).isEqualTo("eu-west-3");

        env.put("AWS_PROFILE", "default");
        assertThat(Session.defaultRegion(options(null), invocation(env))).isEqualTo("us-east-2");
        assertThat(Session.defaultRegion(options("course"), invocation(env))).as("--profile wins over AWS_PROFILE")
                .isEqualTo("eu-west-3");

        env.put("AWS_REGION", "ap-south-1");
        assertThat(Session.defaultRegion(options("course"), invocation(env))).as("AWS_REGION first, as the AWS CLI")
                .isEqualTo("ap-south-1");
    }

    private static GlobalOptions options(String profile) {
        GlobalOptions options = new GlobalOptions();
        options.profile = profile;
        return options;
    }

    private Invocation invocation(Map<String, String> env) {
        return new Invocation(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new BufferedReader(new StringReader("")), Map.copyOf(env), home, false, List.of());
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
