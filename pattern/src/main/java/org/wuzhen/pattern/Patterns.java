package org.wuzhen.pattern;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.validate.PatternCheck;

/**
 * Entry points for the validator, the CLI and the node: parse, check, print canonically and match
 * STIX 2.1 patterns. Bounds: {@value #MAX_LENGTH} characters and {@value #MAX_DEPTH} levels of
 * brackets and parentheses.
 */
public final class Patterns {
  /** Longest pattern accepted, in UTF-16 units (64 KiB). */
  public static final int MAX_LENGTH = 65_536;

  /** Deepest nesting of brackets and parentheses accepted. */
  public static final int MAX_DEPTH = 64;

  private Patterns() {}

  /**
   * Parses pattern text.
   *
   * @throws PatternSyntaxException with the column of the first problem
   */
  public static Pattern parse(String text) {
    return PatternParser.parse(text, MAX_LENGTH, MAX_DEPTH);
  }

  /** The canonical text of a pattern; {@code parse(print(p)).equals(p)}. */
  public static String print(Pattern pattern) {
    return pattern.canonical();
  }

  /** Parses and checks pattern text: the parsed pattern (when it parses) and every finding. */
  public static CheckResult check(String text) {
    Pattern pattern;
    try {
      pattern = parse(text);
    } catch (PatternSyntaxException e) {
      return new CheckResult(
          Optional.empty(), List.of(new Finding(Finding.Severity.ERROR, e.column(), e.problem())));
    }
    List<Finding> findings = new ArrayList<>(PatternChecker.check(pattern));
    findings.sort(Comparator.comparingInt(Finding::column));
    return new CheckResult(Optional.of(pattern), findings);
  }

  /**
   * The real parser and checker as the STIX validator's pattern rule: an indicator's {@code stix}
   * pattern is refused with its first positioned error.
   */
  public static PatternCheck validatorCheck() {
    return text -> {
      CheckResult result = check(text);
      return result.ok()
          ? Optional.empty()
          : Optional.of("invalid STIX pattern: " + result.errors().getFirst());
    };
  }

  /** {@link #match(String, JsonValue, EvaluationLimits)} with the default limits. */
  public static MatchOutcome match(String pattern, JsonValue bundle) {
    return match(pattern, bundle, EvaluationLimits.DEFAULT);
  }

  /**
   * Checks a pattern and evaluates it over the observed-data objects of a bundle (or a JSON array
   * of objects). Never throws for bad input: every failure is an outcome.
   */
  public static MatchOutcome match(String pattern, JsonValue bundle, EvaluationLimits limits) {
    CheckResult checked = check(pattern);
    if (!checked.ok()) {
      return new MatchOutcome.InvalidPattern(checked.errors());
    }
    List<ObservedData> observations;
    try {
      observations = ObservedData.fromBundle(bundle);
    } catch (ObservationDataException e) {
      return new MatchOutcome.InvalidObservations(e.getMessage());
    }
    try {
      MatchResult result =
          new PatternEvaluator(limits).evaluate(checked.pattern().orElseThrow(), observations);
      return result.matched()
          ? new MatchOutcome.Matched(result.observedDataIds())
          : new MatchOutcome.NotMatched();
    } catch (PatternLimitException e) {
      return new MatchOutcome.LimitExceeded(e.getMessage());
    }
  }
}
