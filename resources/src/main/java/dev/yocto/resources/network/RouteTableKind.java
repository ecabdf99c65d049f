package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * A route table for one subnet, with its default route (to an internet gateway, to a NAT gateway,
 * or none) and its association with the subnet.
 */
public final class RouteTableKind extends Ec2Kind<RouteTableKind.Settings, RouteTable> {

    public static final String ID = "ec2:route-table";
    public static final Output<String> TABLE_ID = Output.attribute(ID, "id");

    private static final String DEFAULT_ROUTE = "0.0.0.0/0";

    /** The table of one subnet; its default route goes nowhere, or to {@code defaultRouteTarget}. */
    public record Settings(Ref<String> vpcId, Ref<String> subnetId, Optional<Ref<String>> defaultRouteTarget) {
    }

    private static final Ec2Listing<RouteTable> LISTING = new Ec2Listing<>(ID,
            context -> context.aws().ec2().describeRouteTables(r -> r.filters(Ec2Support.stackFilter(context)))
                    .routeTables(),
            RouteTable::routeTableId, RouteTable::tags,
            (context, id) -> describe(context.aws().ec2(), id));

    /** Made after {@code LISTING}, which its constructor takes. */
    public static final RouteTableKind KIND = new RouteTableKind();

    private RouteTableKind() {
        super(LISTING);
    }

    @Override
    Live live(Context context, RouteTable table) {
        return live(table);
    }

    private static Optional<RouteTable> describe(Ec2Client ec2, String id) {
        return ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables().stream().findFirst();
    }

    private static Live live(RouteTable table) {
        Set<String> routes = new TreeSet<>();
        for (Route route : table.routes()) {
            String target = route.gatewayId() != null ? route.gatewayId() : route.natGatewayId();
            if (route.destinationCidrBlock() != null && !"local".equals(target)) {
                routes.add(route.destinationCidrBlock() + "->" + target);
            }
        }
        // Every associated subnet: moto keeps the association of a deleted subnet, AWS drops it.
        String subnet = table.associations().stream().filter(a -> !Boolean.TRUE.equals(a.main()))
                .map(RouteTableAssociation::subnetId).filter(s -> s != null).sorted()
                .collect(java.util.stream.Collectors.joining(","));
        return Live.of(table.routeTableId(), Map.of("id", table.routeTableId()),
                Map.of("vpc", table.vpcId(), "routes", String.join(",", routes), "subnet", subnet));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Ec2Client ec2 = context.aws().ec2();
        String vpcId = context.value(desired.settings().vpcId());
        RouteTable table = ec2.createRouteTable(r -> r.vpcId(vpcId)
                .clientToken(context.idempotencyToken(desired.address(), vpcId))
                .tagSpecifications(Ec2Support.tagSpecification(context, desired.address(), ResourceType.ROUTE_TABLE)))
                .routeTable();
        Live created = live(table);
        // EC2 is eventually consistent: the new table's routes and association wait until it is known.
        Poll.until(context, desired.address(), "route table " + table.routeTableId() + " to be known",
                Poll.NOT_FOUND_GRACE, () -> describe(ec2, table.routeTableId()));
        return update(context, desired, created, diff(context, desired, created));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        String route = settings.defaultRouteTarget().map(target -> DEFAULT_ROUTE + "->" + context.value(target))
                .orElse("");
        return Map.of("vpc", context.value(settings.vpcId()), "routes", route,
                "subnet", context.value(settings.subnetId()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("vpc");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        Ec2Client ec2 = context.aws().ec2();
        String tableId = live.physicalId();
        for (Difference difference : differences) {
            if (difference.field().equals("routes")) {
                Ec2Support.whenKnown(context, desired.address(), "route table " + tableId + " to take its routes",
                        () -> syncRoutes(ec2, tableId, difference.desired(), difference.live()));
            } else if (difference.field().equals("subnet")) {
                Ec2Support.whenKnown(context, desired.address(), "route table " + tableId + " to associate",
                        () -> associateOnly(ec2, tableId, difference.desired()));
            }
        }
        return live(describe(ec2, tableId).orElseThrow());
    }

    private static void syncRoutes(Ec2Client ec2, String tableId, String desired, String live) {
        Map<String, String> want = routeMap(desired);
        Map<String, String> have = routeMap(live);
        have.forEach((destination, target) -> {
            if (!want.containsKey(destination)) {
                ec2.deleteRoute(r -> r.routeTableId(tableId).destinationCidrBlock(destination));
            }
        });
        want.forEach((destination, target) -> {
            if (target.equals(have.get(destination))) {
                return;
            }
            boolean nat = target.startsWith("nat-");
            if (have.containsKey(destination)) {
                ec2.replaceRoute(r -> {
                    r.routeTableId(tableId).destinationCidrBlock(destination);
                    if (nat) {
                        r.natGatewayId(target);
                    } else {
                        r.gatewayId(target);
                    }
                });
            } else {
                ec2.createRoute(r -> {
                    r.routeTableId(tableId).destinationCidrBlock(destination);
                    if (nat) {
                        r.natGatewayId(target);
                    } else {
                        r.gatewayId(target);
                    }
                });
            }
        });
    }

    private static Map<String, String> routeMap(String routes) {
        Map<String, String> map = new HashMap<>();
        if (routes == null || routes.isEmpty()) {
            return map;
        }
        for (String route : routes.split(",")) {
            String[] parts = route.split("->", 2);
            map.put(parts[0], parts[1]);
        }
        return map;
    }

    /** Makes {@code subnetId} the table's only associated subnet. */
    private static void associateOnly(Ec2Client ec2, String tableId, String subnetId) {
        RouteTable table = ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().get(0);
        boolean present = false;
        for (RouteTableAssociation association : table.associations()) {
            if (Boolean.TRUE.equals(association.main()) || association.subnetId() == null) {
                continue;
            }
            if (association.subnetId().equals(subnetId)) {
                present = true;
            } else {
                ec2.disassociateRouteTable(r -> r.associationId(association.routeTableAssociationId()));
            }
        }
        if (!present) {
            associate(ec2, tableId, subnetId);
        }
    }

    /** Associates the subnet with this table, taking it over from any other table it was bound to. */
    private static void associate(Ec2Client ec2, String tableId, String subnetId) {
        Optional<String> existing = ec2.describeRouteTables(r -> r.filters(f -> f.name("association.subnet-id")
                        .values(subnetId))).routeTables().stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> subnetId.equals(a.subnetId()))
                .map(RouteTableAssociation::routeTableAssociationId).findFirst();
        if (existing.isPresent()) {
            ec2.replaceRouteTableAssociation(r -> r.associationId(existing.get()).routeTableId(tableId));
        } else {
            ec2.associateRouteTable(r -> r.routeTableId(tableId).subnetId(subnetId));
        }
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        Ec2Client ec2 = context.aws().ec2();
        Ec2Support.byId(i -> ec2.describeRouteTables(r -> r.routeTableIds(i)).routeTables().stream().findFirst(),
                live.physicalId()).ifPresent(table -> {
                    for (RouteTableAssociation association : table.associations()) {
                        if (!Boolean.TRUE.equals(association.main())) {
                            try {
                                ec2.disassociateRouteTable(r -> r.associationId(association.routeTableAssociationId()));
                            } catch (Ec2Exception e) {
                                if (!Ec2Support.isNotFound(e)) {
                                    throw e;
                                }
                            }
                        }
                    }
                    Ec2Support.deleteWhenFree(context, address, "route table " + live.physicalId(),
                            () -> ec2.deleteRouteTable(r -> r.routeTableId(live.physicalId())));
                });
    }
}
