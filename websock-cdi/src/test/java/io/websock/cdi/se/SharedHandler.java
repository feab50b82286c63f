package io.websock.cdi.se;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import io.websock.cdi.probe.Probe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** One instance for every connection; tells each client which instance it is; subscribes each to "news". */
@ApplicationScoped
@WebSockHandler("/shared")
public class SharedHandler implements WebSock<Integer> {

    private int instance;

    @Inject
    Topics topics;

    @PostConstruct
    void created() {
        instance = Probe.nextId();
    }

    @PreDestroy
    void destroyed() {
        Probe.increment("shared.destroyed");
    }

    @Override
    public Result<Integer> init(Connection connection) {
        topics.subscribe(connection, "news");
        return Result.push(Frame.text("instance #" + instance), 0);
    }

    @Override
    public Result<Integer> handleIn(Frame.Data frame, Integer count) {
        return Result.push(frame, count + 1);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer count) {
        return Result.push(Frame.text("info:" + message), count);
    }
}
