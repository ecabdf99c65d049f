package dev.yocto.resources.compute;

import dev.yocto.resources.api.Context;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/** The ECR client of the stack region, shared by the repository and the image. */
public final class EcrSupport {

    private EcrSupport() {
    }

    public static EcrClient client(Context context) {
        return context.aws().client("ecr", Region.of(context.region()), EcrClient.builder());
    }
}
