package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link StixObject#from} and {@link StixBundle#from} on any JSON the
 * reader accepts. Regression inputs: {@code StixObjectFuzzTestInputs/<method>/}.
 */
class StixObjectFuzzTest {

  /**
   * An object is refused only with {@link StixFormatException}; an accepted one has the id it was
   * read with, of its own type, answers every accessor without throwing, and reads back from its
   * JSON text as the same object.
   */
  @FuzzTest
  @DictionaryFile(resourcePath = "stix.dict")
  void objectsAreRefusedOnlyWithFormatErrorsAndReadBackUnchanged(byte[] input) {
    JsonValue json;
    try {
      json = Json.parse(input);
    } catch (JsonSyntaxException notJson) {
      return;
    }
    StixObject object;
    try {
      object = StixObject.from(json);
    } catch (StixFormatException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    assertThat(object.id().type()).isEqualTo(object.type());
    assertThat(object.json().string("id")).contains(object.id().text());
    assertThat(object.kind()).isNotNull();
    object.specVersion();
    object.version();
    object.createdByRef();
    object.objectMarkingRefs();
    object.revoked();
    object.pattern();
    object.references();
    assertThat(StixObject.parse(object.toJson())).isEqualTo(object);
  }

  /**
   * A bundle is refused only with {@link StixFormatException}; an accepted one has a bundle id (§8)
   * and its objects are STIX objects.
   */
  @FuzzTest
  @DictionaryFile(resourcePath = "stix.dict")
  void bundlesAreRefusedOnlyWithFormatErrors(byte[] input) {
    JsonValue json;
    try {
      json = Json.parse(input);
    } catch (JsonSyntaxException notJson) {
      return;
    }
    StixBundle bundle;
    try {
      bundle = StixBundle.from(json);
    } catch (StixFormatException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    assertThat(bundle.id().type()).isEqualTo("bundle");
    for (StixObject o : bundle.objects()) {
      assertThat(StixObject.from(o.json())).isEqualTo(o);
    }
  }
}
