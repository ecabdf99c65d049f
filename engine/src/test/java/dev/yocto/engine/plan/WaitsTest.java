package dev.yocto.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.emulator.behaviour.TimeModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitsTest {

    @Test
    void theClusterIsNotWaitedFor_itsInstanceWaitsAtLeastUntilTheClusterIsAvailable() {
        assertThat(Waits.of("rds:db-cluster", Action.CREATE)).isZero();
        Duration cluster = TimeModel.duration("rds:db-cluster", "create")
                .plus(TimeModel.duration("rds:db-cluster", "backup"));
        Duration instance = TimeModel.duration("rds:db-instance", "create");
        assertThat(Waits.of("rds:db-instance", Action.CREATE)).isEqualTo(instance.compareTo(cluster) >= 0
                ? instance : cluster);
        assertThat(Waits.of("rds:db-instance", Action.DELETE)).isEqualTo(TimeModel.duration("rds:db-instance",
                "delete"));
    }

    @Test
    void theLoadBalancerIsNotWaitedToActive_theNatGatewayAndTheServiceAre() {
        assertThat(Waits.of("elbv2:load-balancer", Action.CREATE)).isZero();
        assertThat(Waits.of("ec2:nat-gateway", Action.CREATE)).isEqualTo(TimeModel.duration("ec2:nat-gateway",
                "create"));
        assertThat(Waits.of("ecs:service", Action.UPDATE)).isEqualTo(TimeModel.duration("ecs:service", "deploy"));
        assertThat(Waits.of("ecs:service", Action.REPLACE)).isEqualTo(TimeModel.duration("ecs:service", "delete")
                .plus(TimeModel.duration("ecs:service", "deploy")));
    }

    @Test
    void usually_isTheTypicalTotalOfALongWait_andNothingForAShortOne() {
        assertThat(Waits.usually("rds:db-instance", Action.CREATE)).contains("usually about 6 min");
        assertThat(Waits.usually("rds:db-cluster", Action.CREATE)).isEmpty();
        assertThat(Waits.usually("ec2:vpc", Action.CREATE)).isEmpty();
        assertThat(Waits.usually("ecs:service", Action.DELETE)).contains("usually about 30 s");
    }
}
