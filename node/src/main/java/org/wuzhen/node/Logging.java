package org.wuzhen.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import org.wuzhen.node.config.NodeConfig;

/**
 * Sets the log level and format at start-up from the node configuration: logback.xml's logfmt lines
 * on stderr, or the same events as JSON objects, one a line.
 */
final class Logging {
  private Logging() {}

  /** logback.xml's encoder, kept to switch back from JSON (tests run several nodes per JVM). */
  private static Encoder<ILoggingEvent> text;

  static synchronized void configure(String level, NodeConfig.LogFormat format) {
    if (!(LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
      return;
    }
    root.setLevel(Level.toLevel(level, Level.WARN));
    if (!(root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console)) {
      return;
    }
    if (text == null) {
      text = console.getEncoder();
    }
    Encoder<ILoggingEvent> wanted =
        switch (format) {
          case TEXT -> text;
          case JSON -> json(root);
        };
    if (console.getEncoder() != wanted) {
      console.stop();
      console.setEncoder(wanted);
      console.start();
    }
  }

  /**
   * Fields: timestamp (epoch milliseconds), level, threadName, loggerName, formattedMessage, and
   * throwable when there is one; logback names them, so they stay stable across releases.
   */
  private static JsonEncoder json(Logger root) {
    JsonEncoder json = new JsonEncoder();
    json.setContext(root.getLoggerContext());
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithMarkers(false);
    json.setWithMDC(false);
    json.setWithKVPList(false);
    json.setWithMessage(false);
    json.setWithArguments(false);
    json.setWithFormattedMessage(true);
    json.setWithThrowable(true);
    json.start();
    return json;
  }
}
