package dev.yocto.resources.data.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.resources.api.Context;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The kinds of value the stack's secrets hold. */
public final class SecretValues {

    /** Every ASCII punctuation character: passwords must survive URLs, shells and JDBC strings (DESIGN §6). */
    public static final String EXCLUDED_FROM_PASSWORDS = "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~";

    static final ObjectMapper JSON = new ObjectMapper();

    private SecretValues() {
    }

    /** RDS-style credentials; host and port are added once the cluster exists. */
    public static SecretValue databaseCredentials(String username, String database) {
        return new DatabaseCredentials(username, database);
    }

    /** A random key for signing the backend's tokens. */
    public static SecretValue signingKey() {
        return new SigningKey();
    }

    /** A random token for a header that proves a request came through the stack's own distribution. */
    public static SecretValue headerToken() {
        return new HeaderToken();
    }

    /** The PEM (PKCS#8) private key of a new RSA key pair; its public half is derived from it. */
    public static SecretValue rsaPrivateKey() {
        return new RsaPrivateKey();
    }

    // Records, so that a secret's settings print (and hash into state) the same in every run.

    private record DatabaseCredentials(String username, String database) implements SecretValue {

        @Override
        public String generate(Context context) {
            ObjectNode credentials = JSON.createObjectNode();
            credentials.put("username", username);
            credentials.put("password", randomPassword(context, 32));
            credentials.put("engine", "postgres");
            credentials.put("dbname", database);
            return credentials.toString();
        }
    }

    private record SigningKey() implements SecretValue {

        @Override
        public String generate(Context context) {
            return randomPassword(context, 64);
        }
    }

    /** Letters and digits only, 64 of them: an ALB header condition takes up to 128 characters, no wildcards. */
    private record HeaderToken() implements SecretValue {

        @Override
        public String generate(Context context) {
            return context.aws().secretsManager().getRandomPassword(r -> r.passwordLength(64L)
                    .excludePunctuation(true).includeSpace(false)).randomPassword();
        }
    }

    private record RsaPrivateKey() implements SecretValue {

        @Override
        public String generate(Context context) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return RsaKeys.pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String randomPassword(Context context, long length) {
        return context.aws().secretsManager().getRandomPassword(r -> r.passwordLength(length)
                .excludeCharacters(EXCLUDED_FROM_PASSWORDS).includeSpace(false).requireEachIncludedType(true))
                .randomPassword();
    }

    static String base64(byte[] bytes) {
        return Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(bytes);
    }
}
