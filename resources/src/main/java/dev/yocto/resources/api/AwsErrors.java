package dev.yocto.resources.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** How yocto classifies AWS's errors when it waits: passing trouble, and a resource AWS does not know. */
public final class AwsErrors {

    /** Error codes AWS documents as "try again" that are neither throttling nor 5xx. */
    private static final Set<String> RETRYABLE_CODES = Set.of("RequestTimeout", "RequestTimeoutException",
            "PriorRequestNotComplete", "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
            "ServiceUnavailableException", "TransactionInProgressException");

    private AwsErrors() {
    }

    /** Throttling, a 5xx, a retryable code, or a connection problem: worth asking again. */
    public static boolean isTransient(Throwable e) {
        if (e instanceof SdkServiceException s) {
            if (s.isThrottlingException() || s.statusCode() >= 500) {
                return true;
            }
            return s instanceof AwsServiceException a && a.awsErrorDetails() != null
                    && RETRYABLE_CODES.contains(a.awsErrorDetails().errorCode());
        }
        if (e instanceof SdkClientException) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** AWS says the resource does not exist (404, or an error code naming not-found). */
    public static boolean isNotFound(Throwable e) {
        if (!(e instanceof AwsServiceException a)) {
            return false;
        }
        if (a.statusCode() == 404) {
            return true;
        }
        String code = a.awsErrorDetails() == null ? null : a.awsErrorDetails().errorCode();
        return code != null && (code.endsWith("NotFound") || code.endsWith("NotFoundException")
                || code.endsWith("NotFoundFault") || code.startsWith("NoSuch") || code.contains(".NotFound"));
    }
}
