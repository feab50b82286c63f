package io.websock.spi;

import io.websock.CloseReason;

import java.util.ArrayList;
import java.util.List;

/** {@link WebSockEvents#all}: every event to each listener in order. */
final class AllEvents implements WebSockEvents {

    private final List<WebSockEvents> listeners;

    AllEvents(List<WebSockEvents> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void upgradeAdmitted(String path, long nanos) {
        for (WebSockEvents l : listeners) {
            l.upgradeAdmitted(path, nanos);
        }
    }

    @Override
    public void upgradeRefused(String path, int status, Check check, long nanos) {
        for (WebSockEvents l : listeners) {
            l.upgradeRefused(path, status, check, nanos);
        }
    }

    @Override
    public Connection connectionOpened(String path, String id) {
        List<Connection> each = new ArrayList<>(listeners.size());
        for (WebSockEvents l : listeners) {
            Connection c = l.connectionOpened(path, id);
            if (c != null) {
                each.add(c);
            }
        }
        return each.isEmpty() ? null : each.size() == 1 ? each.get(0) : new AllConnection(each.toArray(Connection[]::new));
    }

    private record AllConnection(Connection[] each) implements Connection {
        @Override
        public void messageIn(boolean text, int bytes) {
            for (Connection c : each) {
                c.messageIn(text, bytes);
            }
        }

        @Override
        public void messageOut(boolean text, int bytes) {
            for (Connection c : each) {
                c.messageOut(text, bytes);
            }
        }

        @Override
        public void callbackCompleted(Callback callback, long nanos) {
            for (Connection c : each) {
                c.callbackCompleted(callback, nanos);
            }
        }

        @Override
        public void mailboxDepth(int depth) {
            for (Connection c : each) {
                c.mailboxDepth(depth);
            }
        }

        @Override
        public void blockedCallback(Callback callback, long nanos) {
            for (Connection c : each) {
                c.blockedCallback(callback, nanos);
            }
        }

        @Override
        public void mailboxOverflow() {
            for (Connection c : each) {
                c.mailboxOverflow();
            }
        }

        @Override
        public void slowConsumer() {
            for (Connection c : each) {
                c.slowConsumer();
            }
        }

        @Override
        public void connectionClosed(int code, CloseReason reason, long lifetimeNanos) {
            for (Connection c : each) {
                c.connectionClosed(code, reason, lifetimeNanos);
            }
        }
    }
}
