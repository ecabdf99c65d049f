package dev.yocto.resources.data.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The {@code host} and {@code port} of the database secret, which exist only once the cluster does.
 * Written as a new version of the secret that keeps every other field; only host and port are ever
 * read back. Deleting it deletes nothing: the secret goes with its own resource.
 */
public final class ConnectionFieldsKind implements Kind<ConnectionFieldsKind.Settings> {

    public static final String ID = "secretsmanager:secret-fields";
    /** The secret's ARN once host and port are written into it: for a reader that needs them there. */
    public static final Output<String> SECRET_ARN = Output.attribute(ID, "secretArn");
    public static final ConnectionFieldsKind KIND = new ConnectionFieldsKind();
    private static final String HOST_AND_PORT = "hostAndPort";

    /**
     * @param instance the cluster's instance: the fields are written once the database is usable
     */
    public record Settings(Ref<String> secretArn, Ref<String> host, Ref<String> port, Ref<String> instance) {
    }

    private ConnectionFieldsKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** Present once the secret holds a host; a secret that is gone or scheduled for deletion holds nothing. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        Optional<String> arn = settings.flatMap(s -> context.valueIfResolved(s.secretArn())).or(() -> knownId);
        if (arn.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> version = settings.flatMap(s -> SecretDerived.currentVersion(context, s.secretArn()));
        try {
            // host and port from state while the secret's current version is the one they were read from
            String hostAndPort = version.isEmpty() ? hostAndPort(context, address, arn.get())
                    : SecretDerived.value(context, address, settings.get().secretArn(), HOST_AND_PORT,
                    () -> hostAndPort(context, address, arn.get()));
            if (hostAndPort.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(live(arn.get(), version, hostAndPort));
        } catch (ResourceNotFoundException | InvalidRequestException e) {
            return Optional.empty();
        }
    }

    /** {@code host port} as the secret holds them, empty without a host. */
    private static String hostAndPort(Context context, Address address, String arn) {
        JsonNode fields = read(context, address, arn);
        return fields.hasNonNull("host") ? fields.get("host").asText() + " " + fields.path("port").asText() : "";
    }

    private static Live live(String arn, Optional<String> version, String hostAndPort) {
        Map<String, String> attributes = new HashMap<>(Map.of("secretArn", arn));
        version.ifPresent(v -> {
            attributes.put(SecretDerived.SECRET_VERSION, v);
            attributes.put(HOST_AND_PORT, hostAndPort);
        });
        int space = hostAndPort.lastIndexOf(' ');
        return Live.of(arn, attributes, Map.of("host", hostAndPort.substring(0, space),
                "port", hostAndPort.substring(space + 1)));
    }

    private static ObjectNode read(Context context, Address address, String arn) {
        String text = context.aws().secretsManager().getSecretValue(r -> r.secretId(arn)).secretString();
        try {
            return (ObjectNode) SecretValues.JSON.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            // Never quote the value: it holds the password.
            throw new ResourceException(address, "the database secret " + arn + " does not hold a JSON object");
        }
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        String arn = context.value(desired.settings().secretArn());
        ObjectNode fields = read(context, desired.address(), arn);
        Map<String, String> wanted = desiredFields(context, desired);
        fields.put("host", wanted.get("host"));
        fields.put("port", Integer.parseInt(wanted.get("port")));
        String version = context.aws().secretsManager().putSecretValue(r -> r.secretId(arn)
                .secretString(fields.toString())).versionId();
        return live(arn, SecretDerived.version(arn, version), wanted.get("host") + " " + wanted.get("port"));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("host", context.value(desired.settings().host()),
                "port", context.value(desired.settings().port()));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return create(context, desired);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        // The fields go with the secret.
    }
}
