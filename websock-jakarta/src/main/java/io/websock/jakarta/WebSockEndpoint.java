package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.Frame;
import io.websock.Handshake;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * The Jakarta WebSocket endpoint behind every WebSock handler: one instance per connection, created by
 * the library's configurator. It only translates container events into the connection's mailbox;
 * every rule of the execution model lives in the connection process. Applications never use this
 * class directly; it is public because containers instantiate and inspect endpoint classes.
 *
 * <p>It is also the connection's pong handler ({@link #onMessage(PongMessage)}, called by the container),
 * one object fewer per connection; each object registered as a handler implements one handler type only
 * (Undertow derives the message type from the handler's class).
 */
public final class WebSockEndpoint extends Endpoint implements MessageHandler.Whole<PongMessage> {

    /** Where the server, the handler source, the options and the executor of this endpoint's path are. */
    private final BridgeConfigurator configurator;
    /** Set in onOpen, read by onClose/onError, which containers may call on other threads. */
    private volatile ConnectionProcess<?> process;

    WebSockEndpoint(BridgeConfigurator configurator) {
        this.configurator = configurator;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0); // the bridge's own timer counts inbound traffic only
        WebSockServer server = configurator.server();
        HandlerSource source = configurator.source();
        WebSockOptions options = configurator.options();
        if (config.getUserProperties().get(BridgeConfigurator.REFUSAL) instanceof CloseDetail refusal) {
            closeQuietly(session, refusal); // refused inside a bare JSR-356 handshake, which cannot answer a status
            return;
        }
        if (!server.accepting()) {
            closeQuietly(session, server.refusalClose());
            return;
        }
        WebSock<?> handler = source.acquire();
        if (handler == null) {
            throw new IllegalStateException("the handler source for " + session.getRequestURI() + " returned null");
        }
        ConnectionProcess<?> p = new ConnectionProcess<>(server.nextId(), pathTemplate(session, config), server,
                source, handler, options, configurator.executor(),
                SessionTransport.of(session, configurator.tomcatBlockingTimeout()), handshake(session, config));
        forgetHandshakeProperties(config.getUserProperties());
        forgetHandshakeProperties(session.getUserProperties()); // Tomcat and Tyrus copy them into the session's
        // Init queued and the connection listed before onClose/onError can see the process: an end the container
        // reports at once is queued after init and unlists it (it is never left listed, nor ends unlisted).
        p.enlist();
        process = p;
        MessageAssembler assembler = new MessageAssembler(p, options.maxMessageSize());
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) assembler);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) assembler::onBinary);
        session.addMessageHandler(PongMessage.class, this);
        p.start();
    }

    /**
     * Container read thread: a pong, its payload copied (containers reuse their buffers). Called by the container
     * only, as this connection's pong handler.
     */
    @Override
    public void onMessage(PongMessage pong) {
        ConnectionProcess<?> p = process;
        if (p != null) {
            ByteBuffer data = pong.getApplicationData();
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
            p.inbound(new Event.Control(new Frame.Pong(copy)));
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        ConnectionProcess<?> p = process;
        if (p != null) {
            p.ended(closeReason(session, closeReason));
        }
    }

    /**
     * What {@code terminate} hears for the container's close report: the container quirks below first, then
     * {@link ConnectionProcess#fromContainer(CloseReason)}. A close frame without a status code is reported as
     * {@code Remote(1000, "")} on every container: Tomcat, Undertow, Tyrus and Liberty report such a frame as
     * 1000 (indistinguishable from an explicit 1000), Jetty as 1005 "no status code", which is mapped to
     * 1000 so that every server agrees (see docs/decisions.md).
     */
    static io.websock.CloseReason closeReason(Session session, CloseReason closeReason) {
        if (tyrusConnectionLost(session, closeReason) || libertyConnectionLost(session, closeReason)) {
            return new io.websock.CloseReason.Error(io.websock.Fault.CLOSED);
        }
        if (tyrusBufferOverflow(session, closeReason)) {
            return new io.websock.CloseReason.Error(io.websock.Fault.MESSAGE_TOO_BIG);
        }
        return peerCloseReason(closeReason);
    }

    /** The part of {@link #closeReason} that holds for every container (and for the test kit's in-memory one). */
    static io.websock.CloseReason peerCloseReason(CloseReason closeReason) {
        if (closeReason.getCloseCode().getCode() == NO_STATUS_CODE) {
            return new io.websock.CloseReason.Remote(1000, "");
        }
        return ConnectionProcess.fromContainer(closeReason);
    }

    /** RFC 6455 §7.4.1: "no status code was actually present"; never sent on the wire. */
    private static final int NO_STATUS_CODE = 1005;

    /**
     * Tyrus reads a whole frame into its incoming buffer (default 4 MiB, a container-wide setting) before
     * the bridge sees any of it; a larger frame fails there ({@code TyrusWebSocketEngine.TyrusReadHandler}:
     * {@code IllegalArgumentException("Buffer overflow.")}), and Tyrus closes the session itself with
     * 1011 "Buffer overflow." and reports that to {@code onClose} as if the peer had sent it. It is a local
     * size limit, so it ends with {@code Error(MESSAGE_TOO_BIG)} as {@code maxMessageSize} does; the peer
     * receives Tyrus's own close frame (1011 "Buffer overflow."), which the bridge cannot replace. A peer that
     * sends 1011 "Buffer overflow." itself is reported as {@code Remote} (its close frame was read).
     */
    static boolean tyrusBufferOverflow(Session session, CloseReason closeReason) {
        return closeReason.getCloseCode().getCode() == 1011
                && "Buffer overflow.".equals(closeReason.getReasonPhrase())
                && session.getClass().getName().startsWith("org.glassfish.tyrus.")
                && !calledFrom(TYRUS_CLOSE_FRAME_READ, "respond");
    }

    /**
     * Tyrus on Grizzly reports a TCP connection lost without a close frame as 1001 with its own text
     * "Going away." ({@code org.glassfish.tyrus.core.CloseReasons.GOING_AWAY}) instead of 1006. That exact pair
     * from a Tyrus session ends with {@code Error(closed)} as on every other container, unless Tyrus is reporting
     * a close frame it has just read: a peer's own close frame reaches {@code onClose} synchronously from
     * {@code CloseFrame.respond} on the read thread, a lost connection never does (see docs/decisions.md).
     */
    static boolean tyrusConnectionLost(Session session, CloseReason closeReason) {
        return closeReason.getCloseCode().getCode() == 1001
                && "Going away.".equals(closeReason.getReasonPhrase())
                && session.getClass().getName().startsWith("org.glassfish.tyrus.")
                && !calledFrom(TYRUS_CLOSE_FRAME_READ, "respond");
    }

    /**
     * Open Liberty reports a TCP connection lost without a close frame (a read that fails) as 1011 with the
     * read's {@code IOException} message as reason ({@code WsocConnLink.processReadErrorComplete}) instead of
     * 1006. A 1011 from a Liberty session therefore ends with {@code Error(closed)} as on every other container,
     * unless Liberty is reporting a close frame it has read: that reaches {@code onClose} synchronously from
     * {@code WsocConnLink.incomingCloseConnection} (see docs/decisions.md).
     */
    static boolean libertyConnectionLost(Session session, CloseReason closeReason) {
        return closeReason.getCloseCode().getCode() == 1011
                && session.getClass().getName().startsWith("com.ibm.ws.wsoc.")
                && !calledFrom(LIBERTY_CLOSE_FRAME_READ, "incomingCloseConnection");
    }

    private static final String TYRUS_CLOSE_FRAME_READ = "org.glassfish.tyrus.core.frame.CloseFrame";
    private static final String LIBERTY_CLOSE_FRAME_READ = "com.ibm.ws.wsoc.WsocConnLink";

    /**
     * Whether the current thread is inside {@code className.method}: the one trace a container leaves of
     * having read a peer's close frame, where its close report looks like a lost connection. Walked only for
     * the few ambiguous close reports above.
     */
    static boolean calledFrom(String className, String method) {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(className) && f.getMethodName().equals(method)));
    }

    @Override
    public void onError(Session session, Throwable error) {
        ConnectionProcess<?> p = process;
        if (p != null && !tomcatCloseReplyFailed(session)) {
            p.ended(containerMessageTooBig(error)
                    ? new io.websock.CloseReason.Error(io.websock.Fault.MESSAGE_TOO_BIG)
                    : ConnectionProcess.fromContainer(error));
        }
    }

    /**
     * Tomcat reports a close frame it could not write (its answer to the peer's close frame, or the bridge's own
     * close) to {@code onError} from {@code WsSession.sendCloseMessage}, and then, on the same thread, calls
     * {@code onClose} with the close it was handling. Tomcat 11.0 fails that write now and then when answering a
     * peer's 1011 (a blocking-write timeout at once, then TCP is closed without a close frame). The error is not
     * the connection's end: the {@code onClose} that follows is, so that {@code terminate} hears the peer's
     * {@code Remote(code, reason)} as on every other run (see docs/decisions.md).
     */
    static boolean tomcatCloseReplyFailed(Session session) {
        return session.getClass().getName().startsWith("org.apache.tomcat.websocket.")
                && calledFrom(TOMCAT_SESSION, "sendCloseMessage");
    }

    private static final String TOMCAT_SESSION = "org.apache.tomcat.websocket.WsSession";

    /**
     * Jetty refuses a frame whose header declares more than 2^31−1 bytes itself, at once, with close 1009 and
     * {@code onError(MessageTooLargeException)}. That is the size limit the bridge enforces later on every other
     * container, so {@code terminate} hears {@code Error(MESSAGE_TOO_BIG)} there too.
     */
    static boolean containerMessageTooBig(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals("org.eclipse.jetty.websocket.core.exception.MessageTooLargeException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The handshake's values are in the connection's {@link Handshake} now: drop them from the user properties
     * (the endpoint config's, and the session's, into which Tomcat and Tyrus copy them), which the container keeps
     * with the session for its whole life (the header copy alone is a few hundred bytes per connection). The
     * bridge reads them only here, in onOpen, from the upgrade's own copy of the user properties.
     */
    private static void forgetHandshakeProperties(Map<String, Object> props) {
        for (String key : HANDSHAKE_PROPERTIES) {
            try {
                props.remove(key);
            } catch (UnsupportedOperationException readOnly) {
                return; // a container whose user properties cannot change keeps them; nothing else differs
            }
        }
    }

    private static final List<String> HANDSHAKE_PROPERTIES = List.of(BridgeConfigurator.HEADERS,
            BridgeConfigurator.ATTRIBUTES, BridgeConfigurator.PATH_PARAMETERS, BridgeConfigurator.ADMISSION);

    private Handshake handshake(Session session, EndpointConfig config) {
        Map<String, Object> props = config.getUserProperties();
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) props.getOrDefault(
                BridgeConfigurator.HEADERS, Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) props.getOrDefault(
                BridgeConfigurator.ATTRIBUTES, Map.of());
        @SuppressWarnings("unchecked")
        Map<String, String> pathParameters = (Map<String, String>) props.getOrDefault(
                BridgeConfigurator.PATH_PARAMETERS, session.getPathParameters());
        if (pathParameters.isEmpty()) {
            pathParameters = Map.of(); // Map.copyOf would leave an entry-set view cached in the container's map
        }
        Principal principal = session.getUserPrincipal();
        return new Handshake(configurator.requestUri(session), pathParameters,
                session.getRequestParameterMap(), headers, principal, session.getNegotiatedSubprotocol(), attributes);
    }

    /**
     * The endpoint's path template as registered (the config containers hand to onOpen is the endpoint's own),
     * or for a servlet-side upgrade the servlet's mapping pattern: never an unbounded set of request paths.
     */
    private static String pathTemplate(Session session, EndpointConfig config) {
        if (config.getUserProperties().get(BridgeConfigurator.REGISTRY_PATH) instanceof String mapping) {
            return mapping;
        }
        return config instanceof ServerEndpointConfig sec ? sec.getPath() : session.getRequestURI().getPath();
    }

    private static void closeQuietly(Session session, CloseDetail close) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(close.code()), close.reason()));
        } catch (Exception ignored) {
            // the connection is being refused; nothing more to do
        }
    }
}
