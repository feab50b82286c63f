package io.websock.jakarta;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the bridge logs, captured for assertions: its System.Logger "io.websock" ends in java.util.logging in
 * these tests. Records are kept from {@link #capture()} until {@link #close()}.
 */
final class BridgeLog implements AutoCloseable {

    /** Held strongly: java.util.logging keeps loggers only weakly, and a collected one would lose the handler. */
    private static final Logger LOGGER = Logger.getLogger("io.websock");

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private BridgeLog() {
    }

    static BridgeLog capture() {
        BridgeLog log = new BridgeLog();
        LOGGER.addHandler(log.handler);
        return log;
    }

    @Override
    public void close() {
        LOGGER.removeHandler(handler);
    }
}
