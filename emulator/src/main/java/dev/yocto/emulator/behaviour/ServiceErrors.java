package dev.yocto.emulator.behaviour;

import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Builds the exception the SDK would have made from AWS's error answer: the service's modeled
 * exception class when it has one (found next to the request class, e.g. {@code InvalidSubnetException}),
 * else its base exception ({@code Ec2Exception}), with AWS's error code and HTTP status, so that
 * yocto's code and the SDK's retry conditions see exactly what AWS would send.
 */
final class ServiceErrors {

    /** One error AWS answers with. */
    record Error(String code, int status, String message) {
    }

    private ServiceErrors() {
    }

    /** The throttling and 5xx answers of the request's service (protocol family by package). */
    static List<Error> transientErrors(SdkRequest request) {
        String service = service(request);
        return switch (service) {
            case "ec2" -> List.of(new Error("RequestLimitExceeded", 503, "Request limit exceeded."),
                    new Error("InternalError", 500, "An internal error has occurred"),
                    new Error("Unavailable", 503, "The server is overloaded and can't handle the request"));
            case "s3" -> List.of(new Error("SlowDown", 503, "Please reduce your request rate."),
                    new Error("InternalError", 500, "We encountered an internal error. Please try again."),
                    new Error("ServiceUnavailable", 503, "Service is unable to handle request."));
            case "ecs", "acm", "cloudwatchlogs", "secretsmanager", "applicationautoscaling", "ecr" ->
                    List.of(new Error("ThrottlingException", 400, "Rate exceeded"),
                            new Error("InternalFailure", 500, "The request processing has failed because of an "
                                    + "unknown error, exception or failure."),
                            new Error("ServiceUnavailableException", 503, "Service Unavailable"));
            default -> List.of(new Error("Throttling", 400, "Rate exceeded"),
                    new Error("InternalFailure", 500, "The request processing has failed because of an unknown "
                            + "error, exception or failure."),
                    new Error("ServiceUnavailable", 503, "Service Unavailable"));
        };
    }

    /** The SDK service package of a request: {@code ec2}, {@code s3}, {@code cloudwatchlogs}, … */
    static String service(SdkRequest request) {
        String pkg = request.getClass().getPackageName();
        String tail = pkg.substring(pkg.indexOf(".services.") + ".services.".length());
        return tail.substring(0, tail.indexOf('.'));
    }

    /** The base exception of the request's service with this error. */
    static AwsServiceException of(SdkRequest request, Error error) {
        String base = request.getClass().getSuperclass().getName().replaceFirst("Request$", "Exception");
        return build(request, base, error);
    }

    /** A modeled exception of the request's service, e.g. {@code InvalidSubnetException}. */
    static AwsServiceException modeled(SdkRequest request, String simpleName, Error error) {
        return build(request, request.getClass().getPackageName() + "." + simpleName, error);
    }

    private static AwsServiceException build(SdkRequest request, String className, Error error) {
        AwsServiceException.Builder builder;
        try {
            Class<?> type = Class.forName(className, true, request.getClass().getClassLoader());
            builder = (AwsServiceException.Builder) type.getMethod("builder").invoke(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            builder = AwsServiceException.builder();
        }
        String requestId = UUID.randomUUID().toString();
        builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(error.code()).errorMessage(error.message())
                        .serviceName(service(request))
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(error.status()).build()).build())
                .statusCode(error.status()).requestId(requestId)
                .message(error.message() + " [answered by the AWS behaviour profile]");
        return builder.build();
    }
}
