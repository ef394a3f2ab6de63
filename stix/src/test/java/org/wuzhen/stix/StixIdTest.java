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
  void acceptsUpperCaseHexAsTheJsonSchemaDoesAndKeepsItsText() {
    // ATT&CK Mobile 17.1 has relationship--81f12913-1372-4c96-85ec-E9034ac98aba.
    StixId id = StixId.parse("relationship--81f12913-1372-4c96-85ec-E9034ac98aba");
    assertThat(id.text()).isEqualTo("relationship--81f12913-1372-4c96-85ec-E9034ac98aba");
    assertThat(id).isNotEqualTo(StixId.parse("relationship--81f12913-1372-4c96-85ec-e9034ac98aba"));
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
