package org.wuzhen.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;

/**
 * Coverage-guided fuzzing of the validator on any bytes. Regression inputs: {@code
 * StixValidatorFuzzTestInputs/<method>/}.
 */
class StixValidatorFuzzTest {
  private static final StixValidator LENIENT = new StixValidator();
  private static final StixValidator STRICT =
      new StixValidator(StixValidator.Options.defaults().withStrict(true));

  /**
   * The validator never throws: unreadable JSON is one {@code json-syntax} finding at {@code $},
   * anything else is judged, every finding with a rule and a message; strict validation finds the
   * same problems and only raises warnings to errors.
   */
  @FuzzTest
  @DictionaryFile(resourcePath = "/org/wuzhen/stix/stix.dict")
  void validatorJudgesAnyInputWithoutThrowing(byte[] input) {
    List<Finding> lenient = LENIENT.validate(input);
    List<Finding> strict = STRICT.validate(input);

    JsonValue document;
    try {
      document = Json.parse(input);
    } catch (JsonSyntaxException unreadable) {
      assertThat(lenient)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path()).isEqualTo("$");
                assertThat(f.rule()).isEqualTo("json-syntax");
                assertThat(f.isError()).isTrue();
              });
      assertThat(strict).isEqualTo(lenient);
      return;
    }
    assertThat(LENIENT.validate(document)).isEqualTo(lenient);
    for (Finding f : lenient) {
      // (A path is empty for a member named "" of a top-level object: names are not quoted.)
      assertThat(f.path()).isNotNull();
      assertThat(f.rule()).isNotBlank();
      assertThat(f.message()).isNotBlank();
    }
    assertThat(strict).hasSameSizeAs(lenient);
    for (int i = 0; i < lenient.size(); i++) {
      Finding l = lenient.get(i);
      Finding s = strict.get(i);
      assertThat(List.of(s.path(), s.rule(), s.message()))
          .containsExactly(l.path(), l.rule(), l.message());
      if (l.isError()) {
        assertThat(s.isError()).as("%s", s).isTrue();
      }
    }
  }
}
