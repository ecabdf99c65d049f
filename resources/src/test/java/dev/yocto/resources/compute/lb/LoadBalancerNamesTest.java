package dev.yocto.resources.compute.lb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadBalancerNamesTest {

    private static final String ALLOWED = "(?!.*--)(?!^-)(?!.*-$)[A-Za-z0-9-]{1,32}";

    @Test
    void shortStackNames_areUsedAsTheyAre() {
        assertThat(LoadBalancerNames.loadBalancer("yoctogram")).isEqualTo("yoctogram");
        assertThat(LoadBalancerNames.targetGroup("yoctogram")).isEqualTo("yoctogram-app");
    }

    @Test
    void longNames_becomeAValidNameWithAHash_theSameEveryTime() {
        String wanted = "a-very-long-stack-name-for-a-load-balancer";
        String name = LoadBalancerNames.valid(wanted);

        assertThat(name).matches(ALLOWED).startsWith("a-very-long-stack-name").hasSizeLessThanOrEqualTo(32);
        assertThat(LoadBalancerNames.valid(wanted)).isEqualTo(name);
        assertThat(LoadBalancerNames.valid(wanted + "x")).isNotEqualTo(name);
    }

    @Test
    void namesAwsRefuses_becomeValidOnes() {
        assertThat(LoadBalancerNames.valid("internal-stack")).matches(ALLOWED).doesNotStartWith("internal-");
        assertThat(LoadBalancerNames.valid("a--b")).matches(ALLOWED);
        assertThat(LoadBalancerNames.valid("ends-with-")).matches(ALLOWED);
    }

    @Test
    void interfaceDescription_isElbAndTheTailOfTheArn() {
        assertThat(LoadBalancerKind.interfaceDescription(
                "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/yoctogram/50dc6c495c0c9188"))
                .isEqualTo("ELB app/yoctogram/50dc6c495c0c9188");
    }
}
