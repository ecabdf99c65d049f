package dev.yocto.resources.compute.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceDesiredCountTest {

    private final ServiceDesiredCount range = new ServiceDesiredCount(2, 5);

    @Test
    void aCountWithinTheRange_isShownAsTheRange() {
        assertThat(range.desired()).isEqualTo("2..5");
        assertThat(range.observed(2)).isEqualTo("2..5");
        assertThat(range.observed(5)).isEqualTo("2..5");
    }

    @Test
    void aCountOutsideIt_isShownAsTheNumber_andUpdatedToTheNearestBound() {
        assertThat(range.observed(0)).isEqualTo("0");
        assertThat(range.observed(6)).isEqualTo("6");
        assertThat(range.nearest(0)).isEqualTo(2);
        assertThat(range.nearest(6)).isEqualTo(5);
        assertThat(range.nearest(3)).isEqualTo(3);
    }

    @Test
    void theClusterOfAServiceArn_isInTheLongFormatOnly() {
        assertThat(ServiceLocation.clusterOfArn("arn:aws:ecs:us-west-2:123456789012:service/yoctogram/backend"))
                .contains("yoctogram");
        assertThat(ServiceLocation.clusterOfArn("arn:aws:ecs:us-west-2:123456789012:service/backend")).isEmpty();
    }
}
