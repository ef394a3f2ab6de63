package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

/**
 * A federation setting (export policy or peer) that is missing or wrong; the message names the
 * setting, e.g. {@code export_policy.max_tlp: expected clear, green, amber, amber+strict or red,
 * found 'blue'}.
 */
public final class SettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String problem;

  public SettingException(String setting, String problem) {
    super(requireNonNull(setting, "setting") + ": " + requireNonNull(problem, "problem"));
    this.setting = setting;
    this.problem = problem;
  }

  /** What is wrong with the setting. */
  public String problem() {
    return problem;
  }

  /** The full name of the setting, e.g. {@code peers[1].url}. */
  public String setting() {
    return setting;
  }
}
