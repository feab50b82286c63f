package hello;

import io.websock.*;

/** README's Getting-started handler, without its CDI annotation (websock-test does not depend on websock-cdi). */
public class HelloHandler implements WebSock<Integer> {
    @Override public Result<Integer> init(Connection conn) {
        return Result.push(Frame.text("hello! type something, or bye"), 0);
    }
    @Override public Result<Integer> handleIn(Frame.Data frame, Integer count) {
        if (!(frame instanceof Frame.Text text) || text.text().equals("bye")) {
            return Result.stop(StopReason.NORMAL, count);          // close 1000, then terminate
        }
        return Result.push(Frame.text((count + 1) + ": " + text.text()), count + 1);
    }
    @Override public Result<Integer> handleInfo(Object message, Integer count) {
        return Result.push(Frame.text(String.valueOf(message)), count);  // conn.send(...) from any thread
    }
}
