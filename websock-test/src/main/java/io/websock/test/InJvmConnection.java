package io.websock.test;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Handshake;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import io.websock.spi.InMemoryConnection;
import io.websock.spi.InMemoryPeer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection of an {@link InJvmServer}, seen from the peer: send it frames, info messages and closes, and
 * assert what the bridge wrote back (in order), whether and how it closed, and what {@code terminate} heard.
 *
 * <p>Every method that sends something returns when the handler has handled it and its results are written:
 * assertions need no waiting. The {@code expect…} methods read the frames the bridge wrote in order, each
 * frame once (like Phoenix's {@code assert_push}); {@link #frames()} lists them all, read or not. A failed
 * expectation throws an {@link AssertionError} that says what was expected and what was written instead.
 *
 * <p>What a container does on its own is played as a container does it: a ping from the peer is answered
 * with a pong carrying its payload (the handler never sees pings, as on every Jakarta container); the peer's
 * close frame is answered by the container (not listed as the bridge's close frame). Invalid UTF-8 (1007) and
 * protocol errors cannot be sent: they never reach the bridge on a container either.
 *
 * <p>Not thread-safe: drive it from the test's thread.
 */
public final class InJvmConnection {

    private final InJvmServer server;
    private final List<Frame> frames = new ArrayList<>();
    private final List<CloseReason> terminations = new ArrayList<>();
    private InMemoryConnection wire;
    private int read;
    private CloseDetail closeFrame;
    private boolean peerGone;
    private boolean ended;

    InJvmConnection(InJvmServer server) {
        this.server = server;
    }

    void open(WebSockServer websock, String template, WebSock<?> handler, WebSockOptions options, Handshake handshake) {
        wire = websock.openInMemory(template, handler, options, handshake, new Peer());
    }

    void open(WebSockServer websock, ServerEndpointConfig endpoint, Handshake handshake) {
        wire = websock.openInMemory(endpoint, handshake, new Peer());
    }

    // ---------------------------------------------------------------- the peer's side

    /** The bridge's handle of this connection, as the handler got it in {@code init}. */
    public Connection connection() {
        return wire.connection();
    }

    /** Sends a text message (one frame). */
    public InJvmConnection sendText(String text) {
        Objects.requireNonNull(text, "text must not be null");
        wire.text(text, true);
        return settled();
    }

    /** Sends a binary message (one frame). */
    public InJvmConnection sendBinary(byte[] data) {
        Objects.requireNonNull(data, "data must not be null");
        wire.binary(ByteBuffer.wrap(data.clone()), true);
        return settled();
    }

    /** Sends one text message in fragments, in order; the handler sees it whole. */
    public InJvmConnection sendTextInParts(String... parts) {
        requireParts(parts);
        for (int i = 0; i < parts.length; i++) {
            wire.text(Objects.requireNonNull(parts[i], "part must not be null"), i == parts.length - 1);
        }
        return settled();
    }

    /** Sends one binary message in fragments, in order; the handler sees it whole. */
    public InJvmConnection sendBinaryInParts(byte[]... parts) {
        requireParts(parts);
        for (int i = 0; i < parts.length; i++) {
            wire.binary(ByteBuffer.wrap(Objects.requireNonNull(parts[i], "part must not be null").clone()),
                    i == parts.length - 1);
        }
        return settled();
    }

    private static void requireParts(Object[] parts) {
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException("a message needs at least one part, got none");
        }
    }

    /**
     * Sends a ping. As on a container, the handler does not see it and the idle timer is not re-armed: the
     * container answers it with a pong carrying {@code payload}, which appears in {@link #frames()}.
     */
    public InJvmConnection sendPing(byte[] payload) {
        Frame.Pong answer = Frame.pong(payload); // validates the payload size
        if (!peerGone && !ended) {
            frames.add(answer);
        }
        return settled();
    }

    /** Sends a pong: it re-arms the idle timer and reaches {@code handleControl}. */
    public InJvmConnection sendPong(byte[] payload) {
        Frame.Pong pong = Frame.pong(payload); // validates the payload size
        wire.pong(pong.payload());
        return settled();
    }

    /** Sends an info message to the handler, as {@code connection().send(message)} does from anywhere. */
    public InJvmConnection sendInfo(Object message) {
        connection().send(message);
        return settled();
    }

    /** Sends a close frame with {@code code} and {@code reason}: {@code terminate} hears {@code Remote(code, reason)}. */
    public InJvmConnection close(int code, String reason) {
        Objects.requireNonNull(reason, "reason must not be null (use \"\")");
        if (code < 1000 || code > 4999 || code == 1005 || code == 1006 || code == 1015) {
            throw new IllegalArgumentException("a peer cannot send close code " + code);
        }
        peerGone = true;
        wire.peerClose(code, reason);
        return settled();
    }

    /** Sends a close frame without a status code: {@code terminate} hears {@code Remote(1000, "")}, as on every container. */
    public InJvmConnection closeWithoutStatus() {
        peerGone = true;
        wire.peerClose(1005, "");
        return settled();
    }

    /** Drops the TCP connection without a close frame: {@code terminate} hears {@code Error(Fault.CLOSED)}. */
    public InJvmConnection drop() {
        peerGone = true;
        wire.lost();
        return settled();
    }

    private InJvmConnection settled() {
        server.settle();
        return this;
    }

    // ---------------------------------------------------------------- what the bridge wrote

    /** Every frame the bridge wrote to this connection so far, in order (the close frame is {@link #closeFrame()}). */
    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    /**
     * The next frame not yet read by an {@code expect…} method or by this one.
     *
     * @throws AssertionError if there is none
     */
    public Frame nextFrame() {
        if (read >= frames.size()) {
            throw new AssertionError("expected a frame, but none was written" + after() + state());
        }
        return frames.get(read++);
    }

    /** Asserts that the next unread frame is the text {@code expected}. */
    public InJvmConnection expectText(String expected) {
        return expectFrame(Frame.text(expected));
    }

    /** Asserts that the next unread frame is binary with exactly the bytes {@code expected}. */
    public InJvmConnection expectBinary(byte[] expected) {
        return expectFrame(Frame.binary(expected));
    }

    /** Asserts that the next unread frame is a ping (any payload; the bridge's auto-ping is empty). */
    public InJvmConnection expectPing() {
        Frame next = peek("a ping");
        if (!(next instanceof Frame.Ping)) {
            throw mismatch("a ping", next);
        }
        read++;
        return this;
    }

    /** Asserts that the next unread frames are {@code expected}, in this order (frames compare by content). */
    public InJvmConnection expectFrames(Frame... expected) {
        for (Frame frame : expected) {
            expectFrame(frame);
        }
        return this;
    }

    /** Asserts that the next unread frame is {@code expected} (frames compare by content). */
    public InJvmConnection expectFrame(Frame expected) {
        Objects.requireNonNull(expected, "expected frame must not be null");
        Frame next = peek(Describe.frame(expected));
        if (!expected.equals(next)) {
            throw mismatch(Describe.frame(expected), next);
        }
        read++;
        return this;
    }

    /** Asserts that every frame written so far has been read. */
    public InJvmConnection expectNoFrame() {
        if (read < frames.size()) {
            throw new AssertionError("expected no more frames, but the bridge wrote "
                    + Describe.values(frames.subList(read, frames.size())) + after() + state());
        }
        return this;
    }

    /** Whether the connection is still open: {@code init} succeeded and it has not ended. */
    public boolean isOpen() {
        return !ended && connection().isOpen();
    }

    /** Asserts that the connection is still open. */
    public InJvmConnection expectOpen() {
        if (!isOpen()) {
            throw new AssertionError("expected the connection to be open, but it ended" + state());
        }
        return this;
    }

    /** The close frame the bridge wrote, if it closed the connection (not the container's reply to the peer's close). */
    public Optional<CloseDetail> closeFrame() {
        return Optional.ofNullable(closeFrame);
    }

    /**
     * Asserts that every frame written has been read and that the bridge then closed the connection with
     * {@code code} and {@code reason} (the close frame comes last, so frames left unread fail this).
     */
    public InJvmConnection expectClose(int code, String reason) {
        CloseDetail expected = CloseDetail.of(code, reason);
        if (read < frames.size()) {
            throw new AssertionError("expected close " + expected.code() + " \"" + expected.reason()
                    + "\", but first the bridge wrote " + Describe.values(frames.subList(read, frames.size()))
                    + after() + state());
        }
        if (!expected.equals(closeFrame)) {
            throw new AssertionError("expected close " + expected.code() + " \"" + expected.reason() + "\", but "
                    + (closeFrame == null ? "the bridge sent no close frame" : "it was " + describe(closeFrame))
                    + state());
        }
        return this;
    }

    /** What {@code terminate} was called with, if it has been called. */
    public Optional<CloseReason> terminateReason() {
        return terminations.isEmpty() ? Optional.empty() : Optional.of(terminations.get(0));
    }

    /** How many times {@code terminate} was called: 0 or 1 (the bridge guarantees at most once). */
    public int terminateCount() {
        return terminations.size();
    }

    /**
     * Asserts that {@code terminate} was called exactly once, with a reason equal to {@code expected} (for
     * example {@code CloseReason.TIMEOUT}, {@code new CloseReason.Remote(1000, "")},
     * {@code new CloseReason.Error(Fault.MESSAGE_TOO_BIG)}).
     */
    public InJvmConnection expectTerminated(CloseReason expected) {
        Objects.requireNonNull(expected, "expected reason must not be null");
        if (terminations.size() != 1 || !expected.equals(terminations.get(0))) {
            throw new AssertionError("expected terminate(" + expected + ") once, but " + terminatedSoFar() + state());
        }
        return this;
    }

    /**
     * Asserts that {@code terminate} was called exactly once with {@code CloseReason.Error} whose cause is an
     * instance of {@code type} (an exception a callback threw, or a custom stop reason), and returns the cause.
     */
    public <T> T expectTerminatedWithError(Class<T> type) {
        if (terminations.size() == 1 && terminations.get(0) instanceof CloseReason.Error error
                && type.isInstance(error.cause())) {
            return type.cast(error.cause());
        }
        throw new AssertionError("expected terminate(Error(" + type.getName() + ")) once, but " + terminatedSoFar()
                + state());
    }

    private String terminatedSoFar() {
        return terminations.isEmpty() ? "terminate was not called" : "terminate was called with " + terminations;
    }

    private Frame peek(String expected) {
        if (read >= frames.size()) {
            throw new AssertionError("expected " + expected + ", but no more frames were written" + after() + state());
        }
        return frames.get(read);
    }

    private AssertionError mismatch(String expected, Frame actual) {
        return new AssertionError("expected " + expected + ", but the next frame was " + Describe.frame(actual)
                + after() + "; unread: " + Describe.values(frames.subList(read, frames.size())) + state());
    }

    private String after() {
        return read == 0 ? "" : " (after " + Describe.values(frames.subList(0, read)) + ")";
    }

    private String state() {
        StringBuilder sb = new StringBuilder("; connection ");
        if (closeFrame != null) {
            sb.append("closed by the bridge with ").append(describe(closeFrame));
        } else if (peerGone) {
            sb.append("closed by the peer");
        } else {
            sb.append(ended ? "ended" : "open");
        }
        sb.append(", ").append(terminatedSoFar());
        return sb.toString();
    }

    private static String describe(CloseDetail close) {
        return close.code() + " \"" + close.reason() + "\"";
    }

    @Override
    public String toString() {
        return "InJvmConnection[" + (wire == null ? "opening" : connection().id()) + ", frames="
                + Describe.values(frames) + state() + "]";
    }

    // ---------------------------------------------------------------- wiring

    private <S> WebSock<S> observed(WebSock<S> handler) {
        return new WebSock<>() {
            @Override
            public Result<S> init(Connection connection) {
                return handler.init(connection);
            }

            @Override
            public Result<S> handleIn(Frame.Data frame, S state) {
                return handler.handleIn(frame, state);
            }

            @Override
            public Result<S> handleControl(Frame.Control frame, S state) {
                return handler.handleControl(frame, state);
            }

            @Override
            public Result<S> handleInfo(Object message, S state) {
                return handler.handleInfo(message, state);
            }

            @Override
            public void terminate(CloseReason reason, S state) {
                terminations.add(reason);
                ended = true;
                handler.terminate(reason, state);
            }

            @Override
            public String toString() {
                return handler.toString();
            }
        };
    }

    /** What the bridge writes arrives here, on the driving thread. */
    private final class Peer implements InMemoryPeer {
        @Override
        public void text(String text) {
            frames.add(Frame.text(text));
        }

        @Override
        public void binary(ByteBuffer data) {
            frames.add(Frame.binary(copy(data)));
        }

        @Override
        public void ping(ByteBuffer payload) {
            frames.add(Frame.ping(copy(payload)));
        }

        @Override
        public void pong(ByteBuffer payload) {
            frames.add(Frame.pong(copy(payload)));
        }

        @Override
        public void close(int code, String reason) {
            closeFrame = CloseDetail.of(code, reason);
            ended = true;
        }

        @Override
        public WebSock<?> observe(WebSock<?> handler) {
            return observed(handler);
        }

        private byte[] copy(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            return bytes;
        }
    }
}
