package dev.yocto.resources.data.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The {@code host} and {@code port} of the database secret, which exist only once the cluster does.
 * Written as a new version of the secret that keeps every other field; only host and port are ever
 * read back. Deleting it deletes nothing: the secret goes with its own resource.
 */
public final class ConnectionFieldsResource implements Resource {

    private final Address address;
    private final Address secret;
    private final Address cluster;
    private final Address instance;

    public ConnectionFieldsResource(Address address, Address secret, Address cluster, Address instance) {
        this.address = address;
        this.secret = secret;
        this.cluster = cluster;
        this.instance = instance;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "secretsmanager:secret-fields";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(secret, cluster, instance);
    }

    @Override
    public Object settings() {
        return "host,port";
    }

    /** Present once the secret holds a host; a secret that is gone or scheduled for deletion holds nothing. */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Optional<String> arn = context.resolved(secret).map(Live::physicalId).or(() -> knownId);
        if (arn.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode fields = read(context, arn.get());
            if (!fields.hasNonNull("host")) {
                return Optional.empty();
            }
            return Optional.of(Live.of(arn.get(), Map.of("secretArn", arn.get()),
                    Map.of("host", fields.get("host").asText(), "port", fields.path("port").asText())));
        } catch (ResourceNotFoundException | InvalidRequestException e) {
            return Optional.empty();
        }
    }

    private ObjectNode read(Context context, String arn) {
        String text = context.aws().secretsManager().getSecretValue(r -> r.secretId(arn)).secretString();
        try {
            return (ObjectNode) SecretValues.JSON.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            // Never quote the value: it holds the password.
            throw new ResourceException(address, "the database secret " + arn + " does not hold a JSON object");
        }
    }

    @Override
    public Live create(Context context) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        String arn = context.dependency(secret).physicalId();
        ObjectNode fields = read(context, arn);
        Map<String, String> desired = desiredFields(context);
        fields.put("host", desired.get("host"));
        fields.put("port", Integer.parseInt(desired.get("port")));
        secrets.putSecretValue(r -> r.secretId(arn).secretString(fields.toString()));
        return Live.of(arn, Map.of("secretArn", arn), desired);
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        Live live = context.dependency(cluster);
        return Map.of("host", live.attribute("endpoint"), "port", live.attribute("port"));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return create(context);
    }

    @Override
    public void delete(Context context, Live live) {
        // The fields go with the secret.
    }
}
