package dev.yocto.resources.compute.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * Credentials for the registry, from ECR GetAuthorizationToken: user {@code AWS} and a password
 * valid for 12 hours. Never printed.
 */
public record RegistryCredentials(String username, String password) {

    public static RegistryCredentials fromEcr(EcrClient ecr) {
        AuthorizationData data = ecr.getAuthorizationToken().authorizationData().stream().findFirst()
                .orElseThrow(() -> new ImageException("ECR GetAuthorizationToken returned no authorization data"));
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new ImageException("ECR GetAuthorizationToken returned a token that is not base64 user:password");
        }
        return new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The value of an {@code Authorization} header (ECR accepts its token as HTTP Basic credentials). */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=(hidden)]";
    }
}
