package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  /** Number examples from RFC 8785 Appendix B and ECMA-262 behaviour. */
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "-0.0, 0",
    "1, 1",
    "1.0, 1",
    "-1.5, -1.5",
    "1e21, 1e+21",
    "1e20, 100000000000000000000",
    "0.000001, 0.000001",
    "0.0000001, 1e-7",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "5e-324, 5e-324",
    "333333333.33333329, 333333333.3333333",
    "1E30, 1e+30",
    "4.50, 4.5",
    "2e-3, 0.002",
    "0.000001000, 0.000001",
    "123456789012345680000, 123456789012345680000",
    "-5e-7, -5e-7"
  })
  void writesNumbersAsEcmaScriptDoes(String input, String expected) {
    assertThat(CanonicalJson.write(Json.parse(input))).isEqualTo(expected);
  }

  @Test
  void sortsMembersByUtf16CodeUnitsAndDropsWhitespace() {
    JsonValue value =
        Json.parse(
            "{ \"b\": [1, {\"z\":1,\"a\":2}], \"a\": \"x\", \"\\u20ac\": 1, \"\\ud83d\\ude00\": 2, \"\\u0080\": 3 }");
    assertThat(CanonicalJson.write(value))
        .isEqualTo(
            "{\"a\":\"x\",\"b\":[1,{\"a\":2,\"z\":1}],\"\u0080\":3,\"\u20ac\":1,\"\ud83d\ude00\":2}");
  }

  @Test
  void escapesOnlyWhatRfc8785Requires() {
    JsonValue value = new JsonString("\"\\/\b\f\n\r\t\u0001\u001fé€");
    assertThat(CanonicalJson.write(value))
        .isEqualTo("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001fé€\"");
  }

  @Test
  void refusesToCanonicaliseAnUnpairedSurrogateSoNoTwoTextsCollide() {
    // UTF-8 would write both as '?': their signatures and SCO ids would coincide.
    for (String lone : new String[] {"\ud800", "\ud801", "x\udc00", "\ud83d"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> CanonicalJson.writeBytes(JsonObject.builder().put("name", lone).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unpaired surrogate");
    }
    assertThat(CanonicalJson.write(new JsonString("\ud83d\ude00"))).isEqualTo("\"\ud83d\ude00\"");
  }
}
