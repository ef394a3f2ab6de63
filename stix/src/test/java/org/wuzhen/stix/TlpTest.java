package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlpTest {

  @Test
  void ordersLevelsFromClearToRed() {
    assertThat(List.of(Tlp.values()))
        .containsExactly(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED);
    assertThat(Tlp.RED.isStricterThan(Tlp.AMBER_STRICT)).isTrue();
    assertThat(Tlp.AMBER_STRICT.isStricterThan(Tlp.AMBER)).isTrue();
    assertThat(Tlp.GREEN.isStricterThan(Tlp.AMBER)).isFalse();
  }

  @Test
  void readsTlp1AndTlp2MarkingIds() {
    assertThat(Tlp.ofMarkingId("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"))
        .contains(Tlp.CLEAR);
    assertThat(Tlp.ofMarkingId("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"))
        .contains(Tlp.RED);
    assertThat(Tlp.ofMarkingId(Tlp.AMBER_STRICT.markingId())).contains(Tlp.AMBER_STRICT);
    assertThat(Tlp.ofMarkingId("marking-definition--00000000-0000-4000-8000-000000000000"))
        .isEmpty();
  }

  @Test
  void findsTheStrictestOfSeveralMarkings() {
    assertThat(
            Tlp.strictestOf(
                List.of(
                    Tlp.GREEN.markingId(),
                    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
                    "marking-definition--00000000-0000-4000-8000-000000000000")))
        .contains(Tlp.AMBER);
    assertThat(Tlp.strictestOf(List.of())).isEmpty();
  }

  @Test
  void buildsTheOasisMarkingDefinitions() {
    StixObject red = Tlp.RED.markingDefinition();
    assertThat(red.id().text())
        .isEqualTo("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
    assertThat(red.toJson())
        .isEqualTo(
            "{\"type\":\"marking-definition\",\"spec_version\":\"2.1\",\"id\":\"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1\","
                + "\"created\":\"2022-10-01T00:00:00.000Z\",\"name\":\"TLP:RED\",\"extensions\":{\"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":"
                + "{\"extension_type\":\"property-extension\",\"tlp_2_0\":\"red\"}}}");
    assertThat(Tlp.CLEAR.tlp1MarkingDefinition().orElseThrow().string("name"))
        .contains("TLP:WHITE");
    assertThat(Tlp.AMBER_STRICT.tlp1MarkingDefinition()).isEmpty();
  }

  @Test
  void parsesLabels() {
    assertThat(Tlp.parse("TLP:AMBER+STRICT")).contains(Tlp.AMBER_STRICT);
    assertThat(Tlp.parse("white")).contains(Tlp.CLEAR);
    assertThat(Tlp.parse("purple")).isEmpty();
  }
}
