package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.data.DataSafety;
import dev.yocto.resources.data.buckets.BucketPolicyResource;
import dev.yocto.resources.data.buckets.ImageBucketResource;
import dev.yocto.resources.data.cdn.DistributionResource;
import dev.yocto.resources.data.cdn.KeyGroupResource;
import dev.yocto.resources.data.cdn.OriginAccessControlResource;
import dev.yocto.resources.data.cdn.PublicKeyResource;
import dev.yocto.resources.data.db.DbClusterResource;
import dev.yocto.resources.data.db.DbInstanceResource;
import dev.yocto.resources.data.db.DbSubnetGroupResource;
import dev.yocto.resources.data.secrets.ConnectionFieldsResource;
import dev.yocto.resources.data.secrets.SecretResource;
import dev.yocto.resources.data.secrets.SecretValues;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The data layer of DESIGN §6: the secrets db, jwt and cloudfront-key; Aurora PostgreSQL Serverless
 * v2 in the isolated subnets; the public and private image buckets; and the image CDN (origin
 * access control, public key, key group, two distributions).
 */
public final class DataLayer {

    public static final String DATABASE = "yoctogram";
    public static final Address SECRET_DB = Address.of("data/secret/db");
    public static final Address SECRET_JWT = Address.of("data/secret/jwt");
    public static final Address SECRET_CLOUDFRONT_KEY = Address.of("data/secret/cloudfront-key");
    public static final Address DB_SUBNET_GROUP = Address.of("data/db/subnet-group");
    public static final Address DB_CLUSTER = Address.of("data/db/cluster");
    public static final Address DB_INSTANCE = Address.of("data/db/instance");
    public static final Address DB_CONNECTION = Address.of("data/db/connection");
    public static final Address BUCKET_PUBLIC = Address.of("data/bucket/public-images");
    public static final Address BUCKET_PRIVATE = Address.of("data/bucket/private-images");
    public static final Address POLICY_PUBLIC = Address.of("data/bucket-policy/public-images");
    public static final Address POLICY_PRIVATE = Address.of("data/bucket-policy/private-images");
    public static final Address ORIGIN_ACCESS_CONTROL = Address.of("data/cdn/origin-access-control");
    public static final Address PUBLIC_KEY = Address.of("data/cdn/public-key");
    public static final Address KEY_GROUP = Address.of("data/cdn/key-group");
    public static final Address DISTRIBUTION_PUBLIC = Address.of("data/cdn/distribution/public");
    public static final Address DISTRIBUTION_PRIVATE = Address.of("data/cdn/distribution/private");

    /** What teardown keeps unless told {@code --delete-data}. */
    public static final Set<Address> KEPT_UNLESS_DELETE_DATA = Set.of(BUCKET_PUBLIC, BUCKET_PRIVATE);

    private DataLayer() {
    }

    public static List<Resource> resources(StackConfig config, DataSafety safety) {
        List<Resource> resources = new ArrayList<>();
        resources.add(new SecretResource(SECRET_DB, "db", "Yoctogram database credentials (RDS format)",
                SecretValues.databaseCredentials(DATABASE, DATABASE), safety));
        resources.add(new SecretResource(SECRET_JWT, "jwt", "Yoctogram token signing key", SecretValues.signingKey(),
                safety));
        resources.add(new SecretResource(SECRET_CLOUDFRONT_KEY, "cloudfront-key",
                "Yoctogram CloudFront signing key (PEM)", SecretValues.rsaPrivateKey(), safety));

        StackConfig.Database database = config.database();
        resources.add(new DbSubnetGroupResource(DB_SUBNET_GROUP, List.of(NetworkLayer.subnet(Tier.ISOLATED, 0),
                NetworkLayer.subnet(Tier.ISOLATED, 1))));
        resources.add(new DbClusterResource(DB_CLUSTER, new DbClusterResource.Settings(database.engineVersion(),
                DATABASE, DATABASE, database.minCapacity(), database.maxCapacity(), database.deletionProtection()),
                DB_SUBNET_GROUP, NetworkLayer.SG_DB, SECRET_DB, safety));
        resources.add(new DbInstanceResource(DB_INSTANCE, DB_CLUSTER));
        resources.add(new ConnectionFieldsResource(DB_CONNECTION, SECRET_DB, DB_CLUSTER, DB_INSTANCE));

        String siteOrigin = "https://" + config.siteDomain();
        resources.add(new ImageBucketResource(BUCKET_PUBLIC, "public-images", siteOrigin));
        resources.add(new ImageBucketResource(BUCKET_PRIVATE, "private-images", siteOrigin));
        resources.add(new OriginAccessControlResource(ORIGIN_ACCESS_CONTROL));
        resources.add(new PublicKeyResource(PUBLIC_KEY, SECRET_CLOUDFRONT_KEY));
        resources.add(new KeyGroupResource(KEY_GROUP, PUBLIC_KEY));
        resources.add(new DistributionResource(DISTRIBUTION_PUBLIC, "public-images", BUCKET_PUBLIC,
                ORIGIN_ACCESS_CONTROL, Optional.empty()));
        resources.add(new DistributionResource(DISTRIBUTION_PRIVATE, "private-images", BUCKET_PRIVATE,
                ORIGIN_ACCESS_CONTROL, Optional.of(KEY_GROUP)));
        resources.add(new BucketPolicyResource(POLICY_PUBLIC, "public-images", BUCKET_PUBLIC, DISTRIBUTION_PUBLIC));
        resources.add(new BucketPolicyResource(POLICY_PRIVATE, "private-images", BUCKET_PRIVATE, DISTRIBUTION_PRIVATE));
        return resources;
    }
}
