package org.wuzhen.stix.validate;

import static java.util.Objects.requireNonNull;

/**
 * One problem the validator found: where it is (a JSON path such as {@code objects[3].modified}, or
 * {@code $} for the whole document), a short stable rule id such as {@code timestamp-order}, and a
 * message saying what was wrong and what was expected.
 *
 * @param severity {@link Severity#ERROR} for a broken MUST (or, in strict mode, a SHOULD), else
 *     {@link Severity#WARNING}
 * @param path JSON path of the offending value
 * @param rule stable rule id, usable for filtering and in tests
 * @param message what was wrong, in words a user understands
 */
public record Finding(Severity severity, String path, String rule, String message) {

  /** How serious a finding is. */
  public enum Severity {
    /** The document breaks a STIX 2.1 MUST (or a SHOULD under strict validation). */
    ERROR,
    /** The document breaks a STIX 2.1 SHOULD. */
    WARNING
  }

  public Finding {
    requireNonNull(severity, "severity");
    requireNonNull(path, "path");
    requireNonNull(rule, "rule");
    requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * True for the compatibility rules: a custom property name that breaks only the naming rule
   * ({@code x_misp_cfr-target-category}) and an SCO id that is random where STIX asks for a
   * deterministic one. Both are what MISP's STIX export writes; a node accepts them with a warning
   * and refuses them where it validates strictly.
   */
  public boolean isCompatibility() {
    return rule.equals(ObjectValidator.COMPAT_PROPERTY_NAME)
        || rule.equals(ObjectValidator.COMPAT_SCO_ID);
  }

  /** {@code PATH: message}, e.g. {@code objects[3].confidence: 101 is not within 0..100}. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
