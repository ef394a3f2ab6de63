package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StixDocumentTest {
  private static final String A =
      "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"identity--a0000000-0000-4000-8000-000000000001\","
          + "\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"A\"}";
  private static final String B = A.replace("a0000000", "b0000000").replace("\"A\"", "\"B\"");

  @Test
  void aBundleKeepsItsIdAndOtherMembersAroundNewObjects() {
    String text =
        "{\"type\":\"bundle\",\"id\":\"bundle--c0000000-0000-4000-8000-000000000003\","
            + "\"x_note\":\"kept\",\"objects\":["
            + A
            + "]}";
    StixDocument doc = StixDocument.from(Json.parse(text));
    assertThat(doc).isInstanceOf(StixDocument.Bundle.class);
    assertThat(doc.objects())
        .extracting(o -> o.id().text())
        .containsExactly("identity--a0000000-0000-4000-8000-000000000001");
    JsonObject rewritten = (JsonObject) doc.with(List.of(StixObject.parse(B)));
    assertThat(rewritten.string("id")).hasValue("bundle--c0000000-0000-4000-8000-000000000003");
    assertThat(rewritten.string("x_note")).hasValue("kept");
    assertThat(rewritten.array("objects").orElseThrow().size()).isEqualTo(1);
    assertThat(Json.write(rewritten)).contains("\"B\"").doesNotContain("\"A\"");
  }

  @Test
  void aListAndASingleObjectKeepTheirShape() {
    StixDocument list = StixDocument.from(Json.parse("[" + A + "," + B + "]"));
    assertThat(list.objects()).hasSize(2);
    assertThat(list.with(list.objects())).isInstanceOf(JsonArray.class);

    StixDocument single = StixDocument.from(Json.parse(A));
    assertThat(single.objects()).hasSize(1);
    assertThat(single.with(single.objects())).isEqualTo(Json.parse(A));
    assertThatThrownBy(() -> single.with(list.objects()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes one object, not 2");
  }

  @Test
  void aBadObjectIsNamedByItsPlace() {
    assertThatThrownBy(() -> StixDocument.from(Json.parse("[" + A + ",{\"type\":\"x\"}]")))
        .isInstanceOf(StixFormatException.class)
        .hasMessageStartingWith("[1]: ");
    assertThatThrownBy(
            () ->
                StixDocument.from(
                    Json.parse(
                        "{\"type\":\"bundle\",\"id\":\"bundle--c0000000-0000-4000-8000-000000000003\","
                            + "\"objects\":[{\"type\":\"x\"}]}")))
        .isInstanceOf(StixFormatException.class)
        .hasMessageStartingWith("objects[0]: ");
  }
}
