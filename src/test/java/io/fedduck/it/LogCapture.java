package io.fedduck.it;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Records every java.util.logging record below one logger, at every level, until closed. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level oldLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public synchronized void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** @param loggerName "" for the root logger */
    LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        oldLevel = logger.getLevel();
        logger.addHandler(handler);
        logger.setLevel(Level.ALL);
    }

    /** Every record captured so far, formatted as a console handler would print it. */
    synchronized String text() {
        SimpleFormatter formatter = new SimpleFormatter();
        StringBuilder all = new StringBuilder();
        records.forEach(r -> all.append(formatter.format(r)));
        return all.toString();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(oldLevel);
    }
}
