package org.wuzhen.pattern;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking pattern text: the parsed pattern when the syntax is valid, and every
 * finding in column order. The pattern is usable when {@link #ok()}.
 */
public record CheckResult(Optional<Pattern> pattern, List<Finding> findings) {

  public CheckResult {
    findings = List.copyOf(findings);
    if (pattern.isEmpty() && findings.stream().noneMatch(Finding::isError)) {
      throw new IllegalArgumentException("a pattern that did not parse needs an error finding");
    }
  }

  /** True when the pattern parsed and no finding is an error (warnings allowed). */
  public boolean ok() {
    return pattern.isPresent() && errors().isEmpty();
  }

  public List<Finding> errors() {
    return findings.stream().filter(Finding::isError).toList();
  }

  public List<Finding> warnings() {
    return findings.stream().filter(f -> !f.isError()).toList();
  }

  /** The canonical text when the pattern parsed. */
  public Optional<String> canonical() {
    return pattern.map(Pattern::canonical);
  }
}
