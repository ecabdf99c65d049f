package dev.yocto.resources.compute.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A registry on a loopback port that answers Docker's ping and says every manifest and blob is
 * missing, but refuses every upload with {@code DENIED} and a message, as a registry does for
 * credentials without push rights. A plain socket rather than the JDK's HttpServer because Docker
 * first tries TLS: this server hangs up on a TLS hello at once instead of waiting out Docker's
 * 10-second handshake timeout.
 */
final class RefusingRegistry implements AutoCloseable {

    static final String MESSAGE = "pushes to this registry are not allowed";
    private static final int TLS_HANDSHAKE = 0x16;

    private final ServerSocket server;
    private final Thread acceptor;

    RefusingRegistry() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "refusing-registry");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                answer(socket);
            } catch (IOException e) {
                // closed, or a client that hung up: next one
            }
        }
    }

    private static void answer(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        in.mark(1);
        if (in.read() == TLS_HANDSHAKE) {
            return;
        }
        in.reset();
        String requestLine = readLine(in);
        while (!readLine(in).isEmpty()) {
            // headers: not needed
        }
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String path = parts.length > 1 ? parts[1] : "/";
        boolean ping = path.equals("/v2/");
        int status = ping ? 200 : method.equals("HEAD") || method.equals("GET") ? 404 : 403;
        String body = ping ? "{}" : "{\"errors\":[{\"code\":\"" + (status == 404 ? "BLOB_UNKNOWN" : "DENIED")
                + "\",\"message\":\"" + (status == 404 ? "unknown" : MESSAGE) + "\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
                + "Docker-Distribution-API-Version: registry/2.0\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (!method.equals("HEAD")) {
            out.write(bytes);
        }
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
