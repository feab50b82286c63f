package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A handler whose callbacks a test sets as lambdas over a plain {@code Object} state, recording every
 * callback (and any overlap) in a {@link Recorder}. The default is an echo server with state 0.
 * Internally the state is a {@link Slot} that also carries the connection id, as a real handler
 * would keep it, so callbacks can be attributed to their connection.
 */
class Scripted implements WebSock<Scripted.Slot> {

    record Slot(String id, Object user) {
    }

    final Recorder recorder = new Recorder();
    volatile Function<Connection, Result<Object>> onInit = c -> Result.ok(0);
    volatile BiFunction<Frame.Data, Object, Result<Object>> onIn = Result::push;
    volatile BiFunction<Object, Object, Result<Object>> onInfo = (m, s) -> Result.ok(s);
    volatile BiFunction<Frame.Control, Object, Result<Object>> onControl; // null: keep the interface default

    Scripted init(Function<Connection, Result<Object>> f) {
        onInit = f;
        return this;
    }

    Scripted in(BiFunction<Frame.Data, Object, Result<Object>> f) {
        onIn = f;
        return this;
    }

    Scripted info(BiFunction<Object, Object, Result<Object>> f) {
        onInfo = f;
        return this;
    }

    Scripted control(BiFunction<Frame.Control, Object, Result<Object>> f) {
        onControl = f;
        return this;
    }

    @Override
    public Result<Slot> init(Connection connection) {
        recorder.opened(connection);
        recorder.enter(connection.id(), "init");
        try {
            return wrap(connection.id(), onInit.apply(connection));
        } finally {
            recorder.exit(connection.id());
        }
    }

    @Override
    public Result<Slot> handleIn(Frame.Data frame, Slot state) {
        recorder.enter(state.id(), "in");
        try {
            return wrap(state.id(), onIn.apply(frame, state.user()));
        } finally {
            recorder.exit(state.id());
        }
    }

    @Override
    public Result<Slot> handleControl(Frame.Control frame, Slot state) {
        recorder.enter(state.id(), "control");
        try {
            BiFunction<Frame.Control, Object, Result<Object>> f = onControl;
            return f == null ? WebSock.super.handleControl(frame, state) : wrap(state.id(), f.apply(frame, state.user()));
        } finally {
            recorder.exit(state.id());
        }
    }

    @Override
    public Result<Slot> handleInfo(Object message, Slot state) {
        recorder.enter(state.id(), "info:" + message);
        try {
            return wrap(state.id(), onInfo.apply(message, state.user()));
        } finally {
            recorder.exit(state.id());
        }
    }

    @Override
    public void terminate(CloseReason reason, Slot state) {
        recorder.enter(state.id(), "terminate:" + reason);
        recorder.exit(state.id());
        recorder.terminated(state.id(), reason);
    }

    private static Result<Slot> wrap(String id, Result<Object> r) {
        if (r == null) {
            return null; // let the bridge see what the script returned
        }
        Slot slot = new Slot(id, r.state());
        if (r instanceof Result.Push<Object> p) {
            return Result.push(p.frames(), slot);
        }
        if (r instanceof Result.Stop<Object> s) {
            return new Result.Stop<>(s.reason(), s.closeDetail(), s.frames(), slot);
        }
        return Result.ok(slot);
    }
}
