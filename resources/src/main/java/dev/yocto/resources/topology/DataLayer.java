package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.data.buckets.BucketPolicyKind;
import dev.yocto.resources.data.cdn.DistributionKind;
import dev.yocto.resources.data.cdn.ImageDistribution;
import dev.yocto.resources.data.cdn.KeyGroupKind;
import dev.yocto.resources.data.cdn.OriginAccessControlKind;
import dev.yocto.resources.data.cdn.PublicKeyKind;
import dev.yocto.resources.data.cdn.ResponseHeadersPolicyKind;
import dev.yocto.resources.data.db.DbClusterKind;
import dev.yocto.resources.data.db.DbClusterParameterGroupKind;
import dev.yocto.resources.data.db.DbInstanceKind;
import dev.yocto.resources.data.db.DbSubnetGroupKind;
import dev.yocto.resources.data.secrets.ConnectionFieldsKind;
import dev.yocto.resources.data.secrets.SecretKind;
import dev.yocto.resources.data.secrets.SecretValues;
import dev.yocto.resources.network.SecurityGroupKind;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data layer of DESIGN §6: the secrets db, jwt and cloudfront-key; Aurora PostgreSQL Serverless
 * v2 in the isolated subnets; the public and private image buckets; and the image CDN (origin
 * access control, public key, key group, two distributions and the response headers policy they
 * share).
 */
public final class DataLayer {

    public static final String DATABASE = "yoctogram";
    public static final Address SECRET_DB = Address.of("data/secret/db");
    public static final Address SECRET_JWT = Address.of("data/secret/jwt");
    public static final Address SECRET_CLOUDFRONT_KEY = Address.of("data/secret/cloudfront-key");
    public static final Address DB_SUBNET_GROUP = Address.of("data/db/subnet-group");
    public static final Address DB_PARAMETERS = Address.of("data/db/parameters");
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
    public static final Address IMAGE_HEADERS = Address.of("data/cdn/headers/images");

    /**
     * Uploads land under {@code uploads/<id>}, which no distribution serves; the app copies a checked
     * image to {@code images/<id>} at confirm and never reads the upload again, so one day covers
     * any confirm (the form is valid for 10 minutes).
     */
    public static final BucketKind.Expiry UPLOADS_EXPIRY = new BucketKind.Expiry("uploads/", 1);
    /** The keys the image distributions may read (app/README, security). */
    public static final String SERVED_KEYS = "images/*";

    /** What teardown keeps unless told {@code --delete-data}. */
    public static final Set<Address> KEPT_UNLESS_DELETE_DATA = Set.of(BUCKET_PUBLIC, BUCKET_PRIVATE);

    private DataLayer() {
    }

    public static List<Desired<?>> resources(StackConfig config) {
        List<Desired<?>> resources = new ArrayList<>();
        Desired<SecretKind.Settings> secretDb = Desired.of(SECRET_DB, SecretKind.KIND, new SecretKind.Settings("db",
                "Yoctogram database credentials (RDS format)", SecretValues.databaseCredentials(DATABASE, DATABASE)));
        resources.add(secretDb);
        resources.add(Desired.of(SECRET_JWT, SecretKind.KIND, new SecretKind.Settings("jwt",
                "Yoctogram token signing key", SecretValues.signingKey())));
        Desired<SecretKind.Settings> secretCloudFrontKey = Desired.of(SECRET_CLOUDFRONT_KEY, SecretKind.KIND,
                new SecretKind.Settings("cloudfront-key", "Yoctogram CloudFront signing key (PEM)",
                        SecretValues.rsaPrivateKey()));
        resources.add(secretCloudFrontKey);

        StackConfig.Database database = config.database();
        Desired<DbSubnetGroupKind.Settings> subnetGroup = Desired.of(DB_SUBNET_GROUP, DbSubnetGroupKind.KIND,
                new DbSubnetGroupKind.Settings(List.of(NetworkLayer.subnetId(Tier.ISOLATED, 0),
                        NetworkLayer.subnetId(Tier.ISOLATED, 1))));
        resources.add(subnetGroup);
        // The server refuses connections without TLS (the app connects with sslmode=verify-full).
        Desired<DbClusterParameterGroupKind.Settings> parameters = Desired.of(DB_PARAMETERS,
                DbClusterParameterGroupKind.KIND, new DbClusterParameterGroupKind.Settings(
                        DbClusterKind.parameterGroupFamily(database.engineVersion()), Map.of("rds.force_ssl", "1")));
        resources.add(parameters);
        Desired<DbClusterKind.Settings> cluster = Desired.of(DB_CLUSTER, DbClusterKind.KIND,
                new DbClusterKind.Settings(database.engineVersion(), DATABASE, DATABASE, database.minCapacity(),
                        database.maxCapacity(), database.deletionProtection(), subnetGroup.ref(DbSubnetGroupKind.NAME),
                        SecurityGroupKind.GROUP_ID.of(NetworkLayer.SG_DB), secretDb.ref(SecretKind.ARN),
                        parameters.ref(DbClusterParameterGroupKind.NAME)));
        resources.add(cluster);
        Desired<DbInstanceKind.Settings> instance = Desired.of(DB_INSTANCE, DbInstanceKind.KIND,
                new DbInstanceKind.Settings(cluster.ref(DbClusterKind.CLUSTER_ID)));
        resources.add(instance);
        resources.add(Desired.of(DB_CONNECTION, ConnectionFieldsKind.KIND, new ConnectionFieldsKind.Settings(
                secretDb.ref(SecretKind.ARN), cluster.ref(DbClusterKind.ENDPOINT), cluster.ref(DbClusterKind.PORT),
                instance.ref(DbInstanceKind.INSTANCE_ID))));

        Desired<OriginAccessControlKind.Settings> originAccessControl = Desired.of(ORIGIN_ACCESS_CONTROL,
                OriginAccessControlKind.KIND, new OriginAccessControlKind.Settings());
        resources.add(originAccessControl);
        Desired<PublicKeyKind.Settings> publicKey = Desired.of(PUBLIC_KEY, PublicKeyKind.KIND,
                new PublicKeyKind.Settings(secretCloudFrontKey.ref(SecretKind.ARN)));
        resources.add(publicKey);
        Desired<KeyGroupKind.Settings> keyGroup = Desired.of(KEY_GROUP, KeyGroupKind.KIND,
                new KeyGroupKind.Settings(publicKey.ref(PublicKeyKind.KEY_ID)));
        resources.add(keyGroup);
        Desired<ResponseHeadersPolicyKind.Settings> headers = Desired.of(IMAGE_HEADERS, ResponseHeadersPolicyKind.KIND,
                ResponseHeadersPolicyKind.Settings.images());
        resources.add(headers);
        String siteOrigin = "https://" + config.siteDomain();
        resources.addAll(imageBucket("public-images", BUCKET_PUBLIC, DISTRIBUTION_PUBLIC, POLICY_PUBLIC, siteOrigin,
                originAccessControl.ref(OriginAccessControlKind.CONTROL_ID), Optional.empty(),
                headers.ref(ResponseHeadersPolicyKind.POLICY_ID)));
        resources.addAll(imageBucket("private-images", BUCKET_PRIVATE, DISTRIBUTION_PRIVATE, POLICY_PRIVATE,
                siteOrigin, originAccessControl.ref(OriginAccessControlKind.CONTROL_ID),
                Optional.of(keyGroup.ref(KeyGroupKind.GROUP_ID)), headers.ref(ResponseHeadersPolicyKind.POLICY_ID)));
        return resources;
    }

    /** A bucket of images, the distribution in front of it, and the policy that lets only it read. */
    private static List<Desired<?>> imageBucket(String purpose, Address bucketAddress, Address distributionAddress,
                                                Address policyAddress, String siteOrigin,
                                                Ref<String> originAccessControl, Optional<Ref<String>> keyGroup,
                                                Ref<String> headersPolicy) {
        Desired<BucketKind.Settings> bucket = Desired.of(bucketAddress, BucketKind.KIND,
                new BucketKind.Settings(purpose, Optional.of(siteOrigin), Optional.of(UPLOADS_EXPIRY)));
        Desired<DistributionKind.Settings> distribution = Desired.of(distributionAddress, DistributionKind.KIND,
                new ImageDistribution(purpose, bucket.ref(BucketKind.REGIONAL_DOMAIN_NAME), originAccessControl,
                        keyGroup, headersPolicy));
        Desired<BucketPolicyKind.Settings> policy = Desired.of(policyAddress, BucketPolicyKind.KIND,
                new BucketPolicyKind.Settings(purpose, bucket.ref(BucketKind.NAME),
                        distribution.ref(DistributionKind.ARN), false, SERVED_KEYS));
        return List.of(bucket, distribution, policy);
    }

    /** The kinds of this layer. */
    public static List<Kind<?>> kinds() {
        return List.of(SecretKind.KIND, ConnectionFieldsKind.KIND, DbSubnetGroupKind.KIND,
                DbClusterParameterGroupKind.KIND, DbClusterKind.KIND,
                DbInstanceKind.KIND, OriginAccessControlKind.KIND, PublicKeyKind.KIND, KeyGroupKind.KIND,
                BucketKind.KIND, ResponseHeadersPolicyKind.KIND, DistributionKind.KIND, BucketPolicyKind.KIND);
    }
}
