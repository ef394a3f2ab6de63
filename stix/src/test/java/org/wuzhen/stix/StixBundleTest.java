package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StixBundleTest {
  private static final String INDICATOR =
      "{\"type\":\"indicator\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}";

  @Test
  void readsTheIdAndObjectsOfABundle() {
    StixBundle bundle =
        StixBundle.parse(
            ("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\","
                    + "\"objects\":["
                    + INDICATOR
                    + "]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(bundle.id().text()).isEqualTo("bundle--5d0092c5-5f74-4287-9642-33f4c354e56d");
    assertThat(bundle.objects()).extracting(StixObject::type).containsExactly("indicator");
  }

  /** Found by StixObjectFuzzTest: the bundle reader took any STIX id, as an object's does not. */
  @Test
  void refusesABundleWhoseIdIsOfAnotherType() {
    JsonValue report =
        Json.parse(
            "{\"type\":\"bundle\",\"id\":\"report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3\","
                + "\"objects\":["
                + INDICATOR
                + "]}");
    assertThatThrownBy(() -> StixBundle.from(report))
        .isInstanceOf(StixFormatException.class)
        .hasMessage(
            "id 'report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3' does not start with 'bundle--'");
  }
}
