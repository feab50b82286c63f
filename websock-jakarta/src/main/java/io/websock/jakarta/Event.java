package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Frame;

/** What a connection's mailbox holds: everything that can happen to one connection, in arrival order. */
sealed interface Event {

    /** First event of every connection: run {@code init}. */
    record Init() implements Event {
    }

    /** A whole inbound data message. {@code bytes} counts toward inbound back-pressure. */
    record Inbound(Frame.Data frame, int bytes) implements Event {
    }

    /** An inbound pong. */
    record Control(Frame.Control frame) implements Event {
    }

    /** An info message; {@code timer} is set when it came from {@code sendAfter}. */
    record Info(Object message, InfoTimer timer) implements Event {
    }

    /** The container reports the connection ended (peer close, lost TCP, protocol error). No close frame to send. */
    record Ended(CloseReason reason) implements Event {
    }

    /**
     * The server ends the connection: send {@code close} (after the frames already queued, unless
     * {@code dropQueued}), then {@code terminate(reason)}.
     */
    record Close(CloseDetail close, CloseReason reason, boolean dropQueued) implements Event {
    }
}
