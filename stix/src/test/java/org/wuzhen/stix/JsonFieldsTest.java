package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
  private static JsonFields read(String json) {
    return JsonFields.of(Json.parse(json), "");
  }

  @Test
  void readsMembersOfEveryKind() {
    JsonFields f =
        read(
            """
            {"id":"s1","count":3,"more":true,"ratio":1.50,"tags":["a","b"],
             "details":[{"id":"x"}],"inner":{"n":1},"gone":null}""");
    assertThat(f.string("id")).isEqualTo("s1");
    assertThat(f.integer("count")).isEqualTo(3);
    assertThat(f.bool("more")).isTrue();
    assertThat(f.number("ratio").text()).isEqualTo("1.50");
    assertThat(f.strings("tags")).containsExactly("a", "b");
    assertThat(f.objects("details").getFirst().string("id")).isEqualTo("x");
    assertThat(f.object("inner").integer("n")).isEqualTo(1);
    assertThat(f.optionalString("gone")).isEmpty();
    assertThat(f.optionalString("absent")).isEmpty();
    assertThat(f.optionalObjects("absent")).isEmpty();
    assertThat(f.optionalBool("more")).isEqualTo(Optional.of(true));
  }

  @Test
  void aMissingMemberIsNamedWithItsPath() {
    JsonFields f = read("{\"failures\":[{\"id\":\"x\"},{\"version\":\"v\"}]}");
    List<JsonFields> failures = f.objects("failures");
    assertThatThrownBy(() -> failures.get(1).string("id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures[1].id: missing");
  }

  @Test
  void aMemberOfTheWrongKindIsNamedWithWhatWasExpected() {
    JsonFields f = read("{\"more\":\"yes\",\"count\":1.5,\"tags\":[\"a\",2],\"inner\":[]}");
    assertThatThrownBy(() -> f.bool("more")).hasMessage("more: expected a boolean, found string");
    assertThatThrownBy(() -> f.optionalBool("more"))
        .hasMessage("more: expected a boolean, found string");
    assertThatThrownBy(() -> f.integer("count"))
        .hasMessage("count: expected an integer, found 1.5");
    assertThatThrownBy(() -> f.strings("tags"))
        .hasMessage("tags[1]: expected a string, found number");
    assertThatThrownBy(() -> f.object("inner"))
        .hasMessage("inner: expected an object, found array");
  }

  @Test
  void aDocumentThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(() -> read("[1]")).hasMessage("expected an object, found array");
    assertThatThrownBy(() -> JsonFields.of(Json.parse("3"), "head"))
        .hasMessage("head: expected an object, found number");
  }
}
