package org.wuzhen.web;

import java.time.Duration;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The console's settings, the config file's {@code web} section: {@code enabled} (true unless set
 * to false) and {@code session_hours} (how long a login lasts, 1 to 168, default 12).
 *
 * @param enabled whether the node serves the console under {@code /ui/}
 * @param sessionLifetime how long a login lasts before the user logs in again
 */
public record ConsoleSettings(boolean enabled, Duration sessionLifetime) {
  /** The section's name in the config file. */
  public static final String SECTION = "web";

  /** Enabled, logins lasting 12 hours. */
  public static final ConsoleSettings DEFAULTS = new ConsoleSettings(true, Duration.ofHours(12));

  public ConsoleSettings {
    java.util.Objects.requireNonNull(sessionLifetime, "sessionLifetime");
    if (sessionLifetime.compareTo(Duration.ofHours(1)) < 0
        || sessionLifetime.compareTo(Duration.ofHours(168)) > 0) {
      throw new IllegalArgumentException(
          "web.session_hours: must be between 1 and 168, was " + sessionLifetime.toHours());
    }
  }

  /**
   * The {@code web} section of a config file's tree; the defaults without one.
   *
   * @throws IllegalArgumentException naming the setting ({@code web.enabled}) and what was wrong
   */
  public static ConsoleSettings from(JsonObject root) {
    JsonValue section = root.get(SECTION).orElse(JsonObject.EMPTY);
    if (!(section instanceof JsonObject web)) {
      throw new IllegalArgumentException(
          "web: expected a mapping of settings, found " + section.kind());
    }
    boolean enabled = DEFAULTS.enabled();
    Duration lifetime = DEFAULTS.sessionLifetime();
    for (String name : web.names()) {
      JsonValue value = web.get(name).orElseThrow();
      switch (name) {
        case "enabled" -> {
          if (!(value instanceof JsonBoolean b)) {
            throw new IllegalArgumentException(
                "web.enabled: expected true or false, found " + value.kind());
          }
          enabled = b.value();
        }
        case "session_hours" -> {
          long hours =
              value instanceof JsonNumber n && n.text().matches("[0-9]{1,4}")
                  ? Long.parseLong(n.text())
                  : -1;
          if (hours < 1 || hours > 168) {
            throw new IllegalArgumentException(
                "web.session_hours: expected a whole number of hours from 1 to 168, found "
                    + (value instanceof JsonNumber n ? n.text() : value.kind()));
          }
          lifetime = Duration.ofHours(hours);
        }
        default ->
            throw new IllegalArgumentException(
                "web." + name + ": unknown setting (known: web.enabled, web.session_hours)");
      }
    }
    return new ConsoleSettings(enabled, lifetime);
  }
}
