package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StixTimestampTest {

  @Test
  void keepsTextAndPrecision() {
    StixTimestamp t = StixTimestamp.parse("2016-05-12T08:17:27.000000Z");
    assertThat(t.text()).isEqualTo("2016-05-12T08:17:27.000000Z");
    assertThat(t.fractionDigits()).isEqualTo(6);
    assertThat(t.instant()).isEqualTo(Instant.parse("2016-05-12T08:17:27Z"));
  }

  @Test
  void ordersByInstantNotText() {
    assertThat(StixTimestamp.parse("2020-01-01T00:00:00.5Z"))
        .isGreaterThan(StixTimestamp.parse("2020-01-01T00:00:00.499999Z"));
    assertThat(StixTimestamp.parse("2020-01-01T00:00:00Z"))
        .isEqualByComparingTo(StixTimestamp.parse("2020-01-01T00:00:00.000Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2020-01-01",
        "2020-01-01T00:00:00",
        "2020-01-01T00:00:00+00:00",
        "2020-13-01T00:00:00Z",
        "2020-02-30T00:00:00Z",
        "2020-01-01T24:00:00Z",
        "2020-01-01t00:00:00z",
        "2020-01-01T00:00:00.Z"
      })
  void refusesInvalidText(String text) {
    assertThatThrownBy(() -> StixTimestamp.parse(text))
        .isInstanceOf(StixFormatException.class)
        .hasMessageContaining(text);
  }

  @Test
  void writesMillisecondTimestamps() {
    assertThat(StixTimestamp.ofMillis(Instant.parse("2021-03-04T05:06:07.123456Z")).text())
        .isEqualTo("2021-03-04T05:06:07.123Z");
    assertThat(StixTimestamp.ofMillis(Instant.parse("2021-03-04T05:06:07Z")).text())
        .isEqualTo("2021-03-04T05:06:07.000Z");
  }
}
