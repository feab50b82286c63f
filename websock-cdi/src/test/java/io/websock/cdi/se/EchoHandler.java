package io.websock.cdi.se;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import io.websock.cdi.probe.Probe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * A {@code @Dependent} handler (no scope given) using constructor, field and initializer injection, an
 * interceptor, and a request-scoped bean in every callback. Reports to {@link Probe} as
 * {@code <callback>:<instance>:<request id>}.
 */
@WebSockHandler(path = "/echo/{room}", allowedOrigins = "*")
public class EchoHandler implements WebSock<Connection> {

    private final Greeter greeter;
    @Inject
    RequestInfo request;
    private Suffix suffix;
    private int instance;

    @Inject
    public EchoHandler(Greeter greeter) {
        this.greeter = greeter;
    }

    @Inject
    void setSuffix(Suffix suffix) {
        this.suffix = suffix;
    }

    @PostConstruct
    void created() {
        instance = Probe.nextId();
        Probe.event("created:" + instance);
    }

    @PreDestroy
    void destroyed() {
        Probe.event("destroyed:" + instance);
        Probe.increment("echo.destroyed");
    }

    @Override
    public Result<Connection> init(Connection connection) {
        Probe.event("init:" + instance + ":" + request.id());
        return Result.push(Frame.text(greeter.greet(connection.handshake().pathParameter("room")) + suffix.value()
                + " #" + instance), connection);
    }

    @Override
    @Counted
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        Probe.event("in:" + instance + ":" + request.id());
        String text = ((Frame.Text) frame).text();
        if (text.equals("info")) {
            // An info message from a thread that is neither a container nor a CDI thread.
            Thread sender = new Thread(() -> connection.send("from another thread"));
            sender.start();
            return Result.ok(connection);
        }
        return Result.push(Frame.text("echo " + text + " #" + instance), connection);
    }

    @Override
    public Result<Connection> handleControl(Frame.Control frame, Connection connection) {
        Probe.event("control:" + instance + ":" + request.id());
        return Result.push(Frame.text("pong seen"), connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        Probe.event("info:" + instance + ":" + request.id());
        return Result.push(Frame.text("info " + message), connection);
    }

    @Override
    public void terminate(CloseReason reason, Connection connection) {
        Probe.event("terminate:" + instance + ":" + request.id());
    }
}
