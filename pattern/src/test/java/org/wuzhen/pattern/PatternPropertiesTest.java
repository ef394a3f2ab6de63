package org.wuzhen.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonValue;

class PatternPropertiesTest {

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 2000)
  void printedPatternsParseBackToTheSameTree(@ForAll("seeds") long seed) {
    Pattern pattern = new RandomPatterns(seed).pattern();
    String text = Patterns.print(pattern);
    Pattern reparsed = Patterns.parse(text);
    assertThat(reparsed).as(text).isEqualTo(pattern);
    assertThat(Patterns.print(reparsed)).isEqualTo(text);
  }

  @Property(tries = 2000)
  void checkerNeverThrowsOnRandomTrees(@ForAll("seeds") long seed) {
    Pattern pattern = new RandomPatterns(seed).pattern();
    CheckResult result = Patterns.check(Patterns.print(pattern));
    assertThat(result.pattern()).contains(pattern);
  }

  @Property(tries = 1000)
  void evaluatorNeverThrowsExceptAtItsBound(@ForAll("seeds") long seed) {
    RandomPatterns random = new RandomPatterns(seed);
    Pattern pattern = random.pattern();
    List<JsonValue> observations = random.observedData(1 + Math.floorMod(seed, 6));
    List<ObservedData> data = ObservedData.fromBundle(new JsonArray(observations));
    try {
      MatchResult result =
          new PatternEvaluator(new EvaluationLimits(20_000)).evaluate(pattern, data);
      if (result.matched()) {
        assertThat(result.observedDataIds()).isNotEmpty().doesNotHaveDuplicates();
      } else {
        assertThat(result.observedDataIds()).isEmpty();
      }
    } catch (PatternLimitException bound) {
      assertThat(bound).hasMessageContaining("20000");
    }
  }

  @Property(tries = 500)
  void comparisonsListEveryLeafInSourceOrder(@ForAll("seeds") long seed) {
    Pattern pattern = new RandomPatterns(seed).pattern();
    Pattern reparsed = Patterns.parse(Patterns.print(pattern));
    assertThat(reparsed.comparisons()).isEqualTo(pattern.comparisons());
    for (ComparisonExpression.Comparison c : reparsed.comparisons()) {
      assertThat(reparsed.columnOf(c)).isPositive();
    }
  }
}
