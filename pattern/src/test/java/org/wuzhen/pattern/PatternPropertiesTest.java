package org.wuzhen.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonValue;

/**
 * Laws of the parser, printer, checker and evaluator over random pattern trees. {@link
 * RandomPatterns} draws through {@link DrawnRandom}, so a failing tree shrinks toward a simple one;
 * a failure prints the seed that reproduces it ({@code -DQT_SEED=}).
 */
class PatternPropertiesTest {
  /** A random tree, printed by its canonical text so that a failure shows it readably. */
  private static final Gen<Pattern> PATTERNS =
      ((Gen<Pattern>) in -> new RandomPatterns(new DrawnRandom(in)).pattern())
          .describedAs(Patterns::print);

  /** A random tree and 1 to 6 observed-data objects drawn from the same vocabulary. */
  private static final Gen<Case> CASES =
      ((Gen<Case>)
              in -> {
                RandomPatterns random = new RandomPatterns(new DrawnRandom(in));
                Pattern pattern = random.pattern();
                int count = (int) in.next(Constraint.between(1, 6));
                return new Case(pattern, random.observedData(count));
              })
          .describedAs(c -> Patterns.print(c.pattern()) + " over " + c.observations());

  record Case(Pattern pattern, List<JsonValue> observations) {}

  @Test
  void printedPatternsParseBackToTheSameTree() {
    qt().withExamples(2000)
        .forAll(PATTERNS)
        .checkAssert(
            pattern -> {
              String text = Patterns.print(pattern);
              Pattern reparsed = Patterns.parse(text);
              assertThat(reparsed).as(text).isEqualTo(pattern);
              assertThat(Patterns.print(reparsed)).isEqualTo(text);
            });
  }

  @Test
  void checkerNeverThrowsOnRandomTrees() {
    qt().withExamples(2000)
        .forAll(PATTERNS)
        .checkAssert(
            pattern -> {
              CheckResult result = Patterns.check(Patterns.print(pattern));
              assertThat(result.pattern()).contains(pattern);
            });
  }

  @Test
  void evaluatorNeverThrowsExceptAtItsBound() {
    qt().withExamples(1000)
        .forAll(CASES)
        .checkAssert(
            c -> {
              List<ObservedData> data = ObservedData.fromBundle(new JsonArray(c.observations()));
              try {
                MatchResult result =
                    new PatternEvaluator(new EvaluationLimits(20_000)).evaluate(c.pattern(), data);
                if (result.matched()) {
                  assertThat(result.observedDataIds()).isNotEmpty().doesNotHaveDuplicates();
                } else {
                  assertThat(result.observedDataIds()).isEmpty();
                }
              } catch (PatternLimitException bound) {
                assertThat(bound).hasMessageContaining("20000");
              }
            });
  }

  @Test
  void comparisonsListEveryLeafInSourceOrder() {
    qt().withExamples(500)
        .forAll(PATTERNS)
        .checkAssert(
            pattern -> {
              Pattern reparsed = Patterns.parse(Patterns.print(pattern));
              assertThat(reparsed.comparisons()).isEqualTo(pattern.comparisons());
              for (ComparisonExpression.Comparison c : reparsed.comparisons()) {
                assertThat(reparsed.columnOf(c)).isPositive();
              }
            });
  }
}
