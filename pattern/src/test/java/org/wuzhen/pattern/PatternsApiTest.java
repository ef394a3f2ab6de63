package org.wuzhen.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;

class PatternsApiTest {

  @Test
  void refusesPatternWithUnbalancedBracketNamingTheColumn() {
    assertThatThrownBy(() -> Patterns.parse("[file:name = 'a' AN file:size = 1]"))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessage("col 18: expected ']', AND or OR, found 'AN'");
  }

  @Test
  void checkGivesCanonicalFormOrPositionedError() {
    assertThat(Patterns.check("[file:name=='a']").canonical()).contains("[file:name = 'a']");
    CheckResult bad = Patterns.check("[ipv4-addr:value > 5]");
    assertThat(bad.ok()).isFalse();
    assertThat(bad.errors())
        .singleElement()
        .hasToString(
            "col 20: ipv4-addr:value is a string property; '>' compares it with an integer 5");
  }

  @Test
  void comparisonsAreListedForIndexing() {
    Pattern p =
        Patterns.parse(
            "[file:name = 'a' OR file:size NOT IN (1, 2)] FOLLOWEDBY [EXISTS ipv4-addr:value]");
    assertThat(p.comparisons())
        .extracting(
            c ->
                c.objectType()
                    + " "
                    + c.path()
                    + " "
                    + c.operator()
                    + " "
                    + c.negated()
                    + " "
                    + c.values().size())
        .containsExactly(
            "file file:name EQ false 1",
            "file file:size IN true 2",
            "ipv4-addr ipv4-addr:value EXISTS false 0");
  }

  @Test
  void matchReportsEachKindOfOutcome() {
    var bundle =
        Json.parse(
            "{\"type\":\"bundle\",\"id\":\"bundle--00000000-0000-4000-8000-000000000000\",\"objects\":[{\"type\":\"observed-data\","
                + "\"id\":\"observed-data--00000000-0000-4000-8000-000000000001\",\"first_observed\":\"2020-01-01T00:00:00Z\","
                + "\"last_observed\":\"2020-01-01T00:00:00Z\",\"number_observed\":1,\"objects\":{\"0\":{\"type\":\"file\",\"name\":\"a\"}}}]}");
    assertThat(Patterns.match("[file:name = 'a']", bundle))
        .isEqualTo(
            new MatchOutcome.Matched(
                List.of("observed-data--00000000-0000-4000-8000-000000000001")));
    assertThat(Patterns.match("[file:name = 'b']", bundle))
        .isEqualTo(new MatchOutcome.NotMatched());
    assertThat(Patterns.match("[file:name = ", bundle))
        .isInstanceOf(MatchOutcome.InvalidPattern.class);
    assertThat(Patterns.match("[file:name = 'a'] REPEATS 0 TIMES", bundle))
        .isInstanceOf(MatchOutcome.InvalidPattern.class);
    assertThat(Patterns.match("[file:name = 'a']", Json.parse("{\"type\":\"x\"}")))
        .isInstanceOf(MatchOutcome.InvalidObservations.class);
  }

  @Test
  void observedDataWithoutTimesIsRefusedWithItsName() {
    var array =
        (JsonArray)
            Json.parse(
                "[{\"type\":\"observed-data\",\"id\":\"observed-data--1\",\"number_observed\":1}]");
    assertThatThrownBy(() -> ObservedData.fromBundle(array))
        .isInstanceOf(ObservationDataException.class)
        .hasMessage("objects[0] (observed-data--1).first_observed: a timestamp is required");
  }

  @Test
  void likeHandlesPercentRunsWithoutBacktrackingBlowUp() {
    String value = "a".repeat(5000);
    assertThat(ValueComparison.like(value, "%a%a%a%a%a%b")).isFalse();
    assertThat(ValueComparison.like(value, "%a%a%a%a%a%")).isTrue();
  }

  @Test
  void ipv6BlocksNestByPrefix() {
    IpNetwork wide = IpNetwork.parse("2001:db8::/32").orElseThrow();
    IpNetwork narrow = IpNetwork.parse("2001:db8:1:2::/64").orElseThrow();
    assertThat(wide.contains(narrow)).isTrue();
    assertThat(narrow.contains(wide)).isFalse();
    assertThat(IpNetwork.parse("::ffff:1.2.3.4")).isPresent();
    assertThat(IpNetwork.parse("1:2:3:4:5:6:7:8:9")).isEmpty();
    assertThat(IpNetwork.parse("1:2:3:4:5:6:7::8")).isEmpty();
  }
}
