package io.websock.bench;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;

/**
 * The baseline: the fastest honest echo a plain Jakarta {@link Endpoint} can do. A whole-message text
 * handler answers each message on the container's read thread with a blocking
 * {@code getBasicRemote().sendText} — no queue, no thread hop, no copy beyond what the container does.
 * Binary messages are not registered (the benchmark sends text only).
 */
public final class RawEcho extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0);
        var remote = session.getBasicRemote();
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                remote.sendText(text);
            } catch (IOException e) {
                // the peer went away; onClose/onError follow
            }
        });
    }
}
