package dev.yocto.app.http;

/** A failure the client caused or may know about: its status and a detail safe to show. */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }
}
