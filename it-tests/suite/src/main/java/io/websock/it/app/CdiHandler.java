package io.websock.it.app;

import io.websock.Frame;
import io.websock.Result;
import io.websock.cdi.WebSockHandler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * A {@code @Dependent} handler (one instance per connection) with injected beans (S22): {@code "greet X"}
 * uses the application-scoped {@link Greeter}, {@code "request"} answers the id of the request-scoped
 * {@link RequestProbe} of this callback. {@code @PreDestroy} writes {@code destroyed} to the log, which
 * must follow {@code terminate}.
 */
@WebSockHandler("/cdi")
public class CdiHandler extends ScriptedHandler {

    @Inject
    Greeter greeter;

    @Inject
    RequestProbe probe;

    @Override
    protected Result<Integer> run(String command, int calls) {
        if (command.startsWith("greet ")) {
            return Result.push(Frame.text(greeter.greet(command.substring(6))), calls + 1);
        }
        if (command.equals("request")) {
            return Result.push(Frame.text("request=" + probe.id()), calls + 1);
        }
        return super.run(command, calls);
    }

    @PreDestroy
    void destroyed() {
        if (log != null) {
            log.line("destroyed");
        }
    }
}
