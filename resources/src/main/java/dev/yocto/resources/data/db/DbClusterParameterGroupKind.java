package dev.yocto.resources.data.db;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * A DB cluster parameter group: the engine family's defaults with a few parameters set, such as
 * {@code rds.force_ssl=1} (connections without TLS refused by the server). Only the parameters it
 * sets are compared; the family's other defaults are AWS's.
 */
public final class DbClusterParameterGroupKind implements Kind<DbClusterParameterGroupKind.Settings> {

    public static final String ID = "rds:cluster-parameter-group";
    public static final DbClusterParameterGroupKind KIND = new DbClusterParameterGroupKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);
    private static final String DESCRIPTION = "Yoctogram database parameters";

    /**
     * @param family     the engine family, e.g. {@code aurora-postgresql16} (it cannot change in place)
     * @param parameters the parameters set, each applied immediately: they must be dynamic ones
     */
    public record Settings(String family, Map<String, String> parameters) {

        public Settings {
            parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        }
    }

    private DbClusterParameterGroupKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String name = knownId.orElse(RdsSupport.identifier(context, address));
        RdsClient rds = context.aws().rds();
        try {
            Optional<DBClusterParameterGroup> group = rds.describeDBClusterParameterGroups(r -> r
                    .dbClusterParameterGroupName(name)).dbClusterParameterGroups().stream().findFirst();
            if (group.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> set = new TreeMap<>();
            rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(name).source("user"))
                    .parameters().forEach(p -> set.put(p.parameterName(), p.parameterValue()));
            return Optional.of(new Live(name, group.get().dbClusterParameterGroupArn(), Map.of("name", name),
                    Map.of("family", group.get().dbParameterGroupFamily(), "parameters", text(set))));
        } catch (DbParameterGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String text(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        String name = RdsSupport.identifier(context, desired.address());
        Settings settings = desired.settings();
        context.aws().rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(name)
                .dbParameterGroupFamily(settings.family()).description(DESCRIPTION)
                .tags(RdsSupport.tags(context, desired.address())));
        return setParameters(context, desired, name);
    }

    private Live setParameters(Context context, Desired<Settings> desired, String name) {
        List<Parameter> parameters = desired.settings().parameters().entrySet().stream()
                .map(e -> Parameter.builder().parameterName(e.getKey()).parameterValue(e.getValue())
                        .applyMethod(ApplyMethod.IMMEDIATE).build()).toList();
        context.aws().rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(name)
                .parameters(parameters));
        return observe(context, desired.address(), Optional.of(desired.settings()), Optional.of(name)).orElseThrow();
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("family", desired.settings().family(), "parameters", text(desired.settings().parameters()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("family");
    }

    /** Sets the wanted values; a parameter someone else set is left as it is (it shows as drift). */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return setParameters(context, desired, live.physicalId());
    }

    /** RDS refuses while a cluster still uses the group (its cluster is deleted first, which takes a while). */
    @Override
    public void delete(Context context, Address address, Live live) {
        RdsClient rds = context.aws().rds();
        Poll.until(context, address, "DB cluster parameter group " + live.physicalId() + " to be free of its cluster",
                IN_USE_TIMEOUT, () -> {
                    try {
                        rds.deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(live.physicalId()));
                        return Optional.of(true);
                    } catch (DbParameterGroupNotFoundException e) {
                        return Optional.of(true);
                    } catch (InvalidDbParameterGroupStateException e) {
                        return Optional.empty();
                    }
                });
    }
}
