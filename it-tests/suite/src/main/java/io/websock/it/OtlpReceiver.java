package io.websock.it;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on loopback for the MicroProfile Telemetry it-tests: accepts
 * {@code POST /v1/metrics} and {@code POST /v1/traces} (protobuf, optionally gzip), answers 200 and keeps the
 * bodies. Protobuf writes strings (instrument, span and attribute names and values) as plain UTF-8, so a test
 * looks for the names it expects in the bodies' text without an OTLP library in the test JVM.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> metrics = new CopyOnWriteArrayList<>();
    private final List<String> traces = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1 at a port the system picks. */
    static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/metrics", exchange -> receiver.accept(exchange, receiver.metrics));
            server.createContext("/v1/traces", exchange -> receiver.accept(exchange, receiver.traces));
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback for OTLP", e);
        }
    }

    private void accept(com.sun.net.httpserver.HttpExchange exchange, List<String> into) throws IOException {
        try (exchange) {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            in.transferTo(body);
            // ISO-8859-1 maps every byte to one char: names stay readable, binary fields cannot fail decoding.
            into.add(body.toString(StandardCharsets.ISO_8859_1));
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** The endpoint to configure as {@code otel.exporter.otlp.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every metrics export received so far, as text. */
    String metrics() {
        return String.join("\n", metrics);
    }

    /** Every traces export received so far, as text. */
    String traces() {
        return String.join("\n", traces);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
