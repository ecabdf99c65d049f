package dev.yocto.state;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** What an S3 error means to the state: its code, and the messages that say what to do. */
final class S3Errors {

    private S3Errors() {
    }

    static String code(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    static boolean isMissingBucket(S3Exception e) {
        return code(e).equals("NoSuchBucket");
    }

    /** The key (or, when {@link #isMissingBucket}, the bucket) is not there. */
    static boolean isMissing(S3Exception e) {
        return e.statusCode() == 404;
    }

    /**
     * A conditional write lost: 412 when the ETag no longer matches (or an object exists for
     * If-None-Match), 409 when another conditional write to the key is in progress.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html
     */
    static boolean isConditionFailed(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    /** Turns an S3 error on the state's objects into a message that says what to do. */
    static StateException explain(S3Exception e, String bucket, String region, String what) {
        if (isMissingBucket(e)) {
            return new StateException(missingBucket(bucket, region), e);
        }
        if (e.statusCode() == 403) {
            return new StateException("access denied to the state bucket '" + bucket + "' (" + what + ": "
                    + message(e) + "). The credentials need s3:ListBucket and s3:GetBucketVersioning on the bucket and "
                    + "s3:GetObject, s3:PutObject and s3:DeleteObject on its state and lock objects (README, "
                    + "'Working as a team / in CI').", e);
        }
        return new StateException("cannot " + what + " in the state bucket '" + bucket + "': " + message(e), e);
    }

    static String missingBucket(String bucket, String region) {
        String location = "us-east-1".equals(region) ? "" : " --create-bucket-configuration LocationConstraint=" + region;
        return "the state bucket '" + bucket + "' does not exist. yocto does not create it silently: run "
                + "'yocto state init-bucket' to create it versioned, encrypted, tagged and with all public access "
                + "blocked, or create it yourself:\n"
                + "  aws s3api create-bucket --bucket " + bucket + " --region " + region + location + "\n"
                + "  aws s3api put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled\n"
                + "  aws s3api put-public-access-block --bucket " + bucket + " --public-access-block-configuration "
                + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\n"
                + "  aws s3api put-bucket-encryption --bucket " + bucket + " --server-side-encryption-configuration "
                + "'{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}]}'";
    }

    static String message(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage()
                : e.awsErrorDetails().errorMessage() + " (" + code(e) + ", HTTP " + e.statusCode() + ")";
    }
}
