package org.wuzhen.node.config;

/** A bad configuration; the message names the setting, e.g. {@code config server.port: ...}. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String setting, String problem) {
    super("config " + setting + ": " + problem);
  }
}
