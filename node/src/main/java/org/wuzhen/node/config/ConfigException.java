package org.wuzhen.node.config;

/** A bad configuration; the message names the setting, e.g. {@code config server.port: ...}. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String setting, String problem) {
    this(setting + ": " + problem);
  }

  /** A module's own message about a section it reads, which names the setting. */
  public ConfigException(String settingAndProblem) {
    super("config " + settingAndProblem);
  }
}
