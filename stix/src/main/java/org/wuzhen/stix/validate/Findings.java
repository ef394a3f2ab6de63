package org.wuzhen.stix.validate;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.validate.Finding.Severity;

/**
 * Collects the findings of one validation run. Mutable and confined to the thread running the
 * validation.
 */
final class Findings {
  private final boolean strict;
  private final List<Finding> list = new ArrayList<>();

  Findings(boolean strict) {
    this.strict = strict;
  }

  /** A broken MUST. */
  void error(Path at, String rule, String message) {
    list.add(new Finding(Severity.ERROR, at.render(), rule, message));
  }

  /** A broken MUST on member {@code member} of the value at {@code parent}. */
  void error(Path parent, String member, String rule, String message) {
    error(parent.child(member), rule, message);
  }

  /** A broken SHOULD: an error under strict validation. */
  void warn(Path at, String rule, String message) {
    list.add(new Finding(strict ? Severity.ERROR : Severity.WARNING, at.render(), rule, message));
  }

  void warn(Path parent, String member, String rule, String message) {
    warn(parent.child(member), rule, message);
  }

  List<Finding> toList() {
    return List.copyOf(list);
  }
}
