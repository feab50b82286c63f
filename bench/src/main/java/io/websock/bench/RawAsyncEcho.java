package io.websock.bench;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.util.ArrayDeque;

/**
 * A second raw baseline, for attribution only: a plain {@link Endpoint} that echoes with
 * {@code getAsyncRemote().sendText(text, handler)} — the way the bridge must write (never blocking the
 * caller) — keeping the minimum bookkeeping that makes that legal on Tomcat: one send in flight, the
 * rest in a queue, the next send started from the previous one's completion. No limits, no timers, no
 * mailbox. Bridge vs this endpoint isolates the bridge's own cost from the cost of writing asynchronously.
 */
public final class RawAsyncEcho extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0);
        Writer writer = new Writer(session.getAsyncRemote());
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) writer::offer);
    }

    private static final class Writer implements SendHandler {
        private final RemoteEndpoint.Async remote;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean inFlight;

        Writer(RemoteEndpoint.Async remote) {
            this.remote = remote;
        }

        void offer(String text) {
            synchronized (this) {
                if (inFlight) {
                    queue.add(text);
                    return;
                }
                inFlight = true;
            }
            remote.sendText(text, this);
        }

        @Override
        public void onResult(SendResult result) {
            String next;
            synchronized (this) {
                next = result.isOK() ? queue.poll() : null;
                if (next == null) {
                    inFlight = false;
                    return;
                }
            }
            remote.sendText(next, this);
        }
    }
}
