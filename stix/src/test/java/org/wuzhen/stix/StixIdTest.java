package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StixIdTest {

  @Test
  void parsesTypeAndUuid() {
    StixId id = StixId.parse("x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a");
    assertThat(id.type()).isEqualTo("x-mitre-tactic");
    assertThat(id.uuid().version()).isEqualTo(4);
    assertThat(id.text()).isEqualTo("x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "indicator",
        "--69da72d2-f550-41c5-ab9e-e8255707f28a",
        "Indicator--69da72d2-f550-41c5-ab9e-e8255707f28a",
        "indicator--69da72d2-f550-41c5-ab9e-e8255707f28g",
        "indicator--69da72d2-f550-01c5-ab9e-e8255707f28a",
        "indicator--69da72d2-f550-41c5-2b9e-e8255707f28a",
        "indicator--69da72d2f55041c5ab9ee8255707f28a",
        "in--69da72d2-f550-41c5-ab9e-e8255707f28a"
      })
  void refusesMalformedIds(String text) {
    assertThatThrownBy(() -> StixId.parse(text)).isInstanceOf(StixFormatException.class);
  }

  @Test
  void refusesUpperCaseHexNamingTheLowerCaseSpelling() {
    // The OASIS infrastructure example has relationship--81f12913-1372-4c96-85ec-E9034ac98aba.
    assertThatThrownBy(() -> StixId.parse("relationship--81f12913-1372-4c96-85ec-E9034ac98aba"))
        .isInstanceOf(StixFormatException.class)
        .hasMessageContaining("upper-case hex digits")
        .hasMessageContaining("'relationship--81f12913-1372-4c96-85ec-e9034ac98aba'");
    assertThat(StixId.caseProblem("identity--79E12DF9-1b52-4a3c-9c8e-1bd0e2a8e0b1")).isPresent();
    assertThat(StixId.caseProblem("identity--79e12df9-1b52-4a3c-9c8e-1bd0e2a8e0b1")).isEmpty();
  }

  @Test
  void objectWithUpperCaseIdIsRefused() {
    assertThatThrownBy(
            () ->
                StixObject.parse(
                    "{\"type\":\"tool\",\"id\":\"tool--69DA72D2-f550-41c5-ab9e-e8255707f28a\"}"))
        .isInstanceOf(StixFormatException.class)
        .hasMessageContaining("upper-case");
  }

  @Test
  void objectRefusesIdOfAnotherType() {
    assertThatThrownBy(
            () ->
                StixObject.parse(
                    "{\"type\":\"malware\",\"id\":\"tool--69da72d2-f550-41c5-ab9e-e8255707f28a\"}"))
        .hasMessageContaining("does not start with the object's type 'malware--'");
  }
}
