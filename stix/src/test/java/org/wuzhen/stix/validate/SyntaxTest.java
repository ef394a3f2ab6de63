package org.wuzhen.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixTimestamp;

class SyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2020-02-29T00:00:00Z",
        "2000-02-29T23:59:60Z",
        "1999-12-31T23:59:59.123456789Z",
        "0001-01-01T00:00:00.000Z"
      })
  void acceptsTimestampsThatStixTimestampAccepts(String t) {
    assertThat(Syntax.timestampProblem(t)).isNull();
    assertThat(StixTimestamp.parse(t).text()).isEqualTo(t);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1900-02-29T00:00:00Z",
        "2020-04-31T00:00:00Z",
        "2020-00-10T00:00:00Z",
        "2020-01-01T00:60:00Z",
        "2020-01-01T00:00:00.Z",
        "2020-01-01 00:00:00Z",
        "２020-01-01T00:00:00Z"
      })
  void refusesInvalidTimestamps(String t) {
    assertThat(Syntax.timestampProblem(t)).contains(t);
  }

  @Test
  void comparesTimestampsByInstantWhateverTheirPrecision() {
    assertThat(Syntax.compareTimestamps("2020-01-01T00:00:00.5Z", "2020-01-01T00:00:00.50Z"))
        .isZero();
    assertThat(Syntax.compareTimestamps("2020-01-01T00:00:00Z", "2020-01-01T00:00:00.000Z"))
        .isZero();
    assertThat(Syntax.compareTimestamps("2020-01-01T00:00:00.25Z", "2020-01-01T00:00:00.3Z"))
        .isNegative();
    assertThat(Syntax.compareTimestamps("2021-01-01T00:00:00Z", "2020-12-31T23:59:59.999Z"))
        .isPositive();
  }

  @Test
  void checksIdentifiersWithoutRejectingUpperCaseHex() {
    assertThat(Syntax.idProblem("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")).isNull();
    assertThat(Syntax.idProblem("relationship--81f12913-1372-4c96-85ec-E9034ac98aba")).isNull();
    assertThat(Syntax.idProblem("x-mitre-tactic--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")).isNull();
    assertThat(Syntax.idProblem("Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")).isNotNull();
    assertThat(Syntax.idProblem("indicator--8e2e2d2b-17d4-6cbf-938f-98ee46b3cd3f")).isNotNull();
    assertThat(Syntax.idProblem("indicator--8e2e2d2b17d4-4cbf-938f-98ee46b3cd3f0")).isNotNull();
    assertThat(Syntax.uuidVersion("file--1190f2c9-166f-55f1-9706-eea3971d8082")).isEqualTo(5);
  }

  @Test
  void checksBase64AndHex() {
    assertThat(Syntax.isBase64("aGVsbG8=")).isTrue();
    assertThat(Syntax.isBase64("aGVsbA==")).isTrue();
    assertThat(Syntax.isBase64("aGVsbG8")).isFalse();
    assertThat(Syntax.isBase64("aG=sbG8=")).isFalse();
    assertThat(Syntax.isHex("4D5A")).isTrue();
    assertThat(Syntax.isHex("4D5")).isFalse();
  }

  @Test
  void resolvesSelectorsAgainstTheObject() {
    JsonObject o =
        (JsonObject)
            org.wuzhen.stix.Json.parse(
                """
                {"name": "x", "external_references": [{"source_name": "a", "url": "u"}],
                 "extensions": {"ntfs-ext": {"sid": "1"}}}
                """);
    assertThat(StructureChecks.selects(o, "name")).isTrue();
    assertThat(StructureChecks.selects(o, "external_references.[0].url")).isTrue();
    assertThat(StructureChecks.selects(o, "external_references.[0]")).isTrue();
    assertThat(StructureChecks.selects(o, "extensions.ntfs-ext.sid")).isTrue();
    assertThat(StructureChecks.selects(o, "external_references.[1]")).isFalse();
    assertThat(StructureChecks.selects(o, "external_references.0")).isFalse();
    assertThat(StructureChecks.selects(o, "name.[0]")).isFalse();
    assertThat(StructureChecks.selects(o, "")).isFalse();
    assertThat(StructureChecks.selects(o, ".name")).isFalse();
  }

  @Test
  void rendersPathsLikeJsonPathsWithoutTheDollar() {
    assertThat(Path.ROOT.render()).isEqualTo("$");
    assertThat(Path.ROOT.child("objects").index(3).child("modified").render())
        .isEqualTo("objects[3].modified");
    assertThat(Path.ROOT.index(2).child("id").render()).isEqualTo("[2].id");
  }
}
