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
import java.util.concurrent.Executor;

/**
 * The Jakarta WebSocket endpoint behind every WebSock handler: one instance per connection, created by
 * the library's configurator. It only translates container events into the connection's mailbox;
 * every rule of the execution model lives in the connection process. Applications never use this
 * class directly; it is public because containers instantiate and inspect endpoint classes.
 */
public final class WebSockEndpoint extends Endpoint {

    /** Tomcat's per-session limit for blocking sends (pings, close frames), in milliseconds. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final WebSockServer server;
    private final HandlerSource source;
    private final WebSockOptions options;
    private final Executor executor;
    /** Set in onOpen, read by onClose/onError, which containers may call on other threads. */
    private volatile ConnectionProcess<?> process;

    WebSockEndpoint(WebSockServer server, HandlerSource source, WebSockOptions options, Executor executor) {
        this.server = server;
        this.source = source;
        this.options = options;
        this.executor = executor;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0); // the bridge's own timer counts inbound traffic only
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, options.sendTimeout().toMillis());
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
                source, handler, options, executor, session, handshake(session, config));
        // Init queued and the connection listed before onClose/onError can see the process: an end the container
        // reports at once is queued after init and unlists it (it is never left listed, nor ends unlisted).
        p.enlist();
        process = p;
        MessageAssembler assembler = new MessageAssembler(p, options.maxMessageSize());
        session.addMessageHandler(String.class, assembler.textHandler);
        session.addMessageHandler(ByteBuffer.class, assembler.binaryHandler);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
            ByteBuffer data = pong.getApplicationData();
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
            p.inbound(new Event.Control(new Frame.Pong(copy)));
        });
        p.start();
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        ConnectionProcess<?> p = process;
        if (p != null) {
            p.ended(tyrusConnectionLost(session, closeReason) || libertyConnectionLost(session, closeReason)
                    ? new io.websock.CloseReason.Error(io.websock.Fault.CLOSED)
                    : ConnectionProcess.fromContainer(closeReason));
        }
    }

    /**
     * Tyrus on Grizzly reports a TCP connection lost without a close frame as 1001 with its own text
     * "Going away." ({@code org.glassfish.tyrus.core.CloseReasons.GOING_AWAY}) instead of 1006. That exact
     * pair from a Tyrus session is taken as the lost connection it almost always is, so it ends with
     * {@code Error(closed)} as on every other container (a peer sending exactly 1001 "Going away." itself
     * would be reported the same way; see docs/decisions.md).
     */
    static boolean tyrusConnectionLost(Session session, CloseReason closeReason) {
        return closeReason.getCloseCode().getCode() == 1001
                && "Going away.".equals(closeReason.getReasonPhrase())
                && session.getClass().getName().startsWith("org.glassfish.tyrus.");
    }

    /**
     * Open Liberty reports a TCP connection lost without a close frame (a read that fails) as 1011 with the
     * read's {@code IOException} message as reason ({@code WsocConnLink.processReadErrorComplete}) instead of
     * 1006. A 1011 from a Liberty session therefore ends with {@code Error(closed)} as on every other container
     * (a peer's own close frame with 1011 is reported the same way there; see docs/decisions.md).
     */
    static boolean libertyConnectionLost(Session session, CloseReason closeReason) {
        return closeReason.getCloseCode().getCode() == 1011
                && session.getClass().getName().startsWith("com.ibm.ws.wsoc.");
    }

    @Override
    public void onError(Session session, Throwable error) {
        ConnectionProcess<?> p = process;
        if (p != null) {
            p.ended(ConnectionProcess.fromContainer(error));
        }
    }

    private static Handshake handshake(Session session, EndpointConfig config) {
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
        Principal principal = session.getUserPrincipal();
        return new Handshake(session.getRequestURI(), pathParameters,
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
