package dev.yocto.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS shared configuration as the command's environment names it ({@code AWS_CONFIG_FILE},
 * {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/config} and {@code ~/.aws/credentials}):
 * the profile chosen by {@code --profile} or {@code AWS_PROFILE}, its region, its credentials. IAM
 * Identity Center (SSO) profiles resolve through the SDK's {@code sso} and {@code ssooidc} modules.
 */
final class AwsProfiles {

    private final Map<String, String> env;

    AwsProfiles(Map<String, String> env) {
        this.env = env;
    }

    /** {@code --profile}, else {@code AWS_PROFILE}. */
    Optional<String> chosen(String flag) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag);
        }
        return Optional.ofNullable(env.get("AWS_PROFILE")).filter(name -> !name.isBlank());
    }

    /** The region the profile names, if any. */
    Optional<String> region(String profile) {
        return file().profile(profile).flatMap(p -> p.property("region")).filter(r -> !r.isBlank());
    }

    AwsCredentialsProvider credentials(String profile) {
        return ProfileCredentialsProvider.builder().profileFile(this::file).profileName(profile).build();
    }

    private ProfileFile file() {
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        add(files, location("AWS_CONFIG_FILE", ".aws/config"), ProfileFile.Type.CONFIGURATION);
        add(files, location("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"), ProfileFile.Type.CREDENTIALS);
        return files.build();
    }

    private Path location(String variable, String underHome) {
        String set = env.get(variable);
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home).resolve(underHome);
    }

    private static void add(ProfileFile.Aggregator files, Path path, ProfileFile.Type type) {
        if (Files.isRegularFile(path)) {
            files.addFile(ProfileFile.builder().content(path).type(type).build());
        }
    }
}
