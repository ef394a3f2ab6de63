package org.wuzhen.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.validate.Finding.Severity;

class StixValidatorTest {
  private static final String INDICATOR =
      """
      {"type": "indicator", "spec_version": "2.1",
       "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
       "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
       "indicator_types": ["malicious-activity"],
       "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
       "valid_from": "2020-01-01T00:00:00Z"}
      """;

  private final StixValidator validator = new StixValidator();
  private static final StixValidator STRICT =
      new StixValidator(StixValidator.Options.defaults().withStrict(true));

  private static List<Finding> validate(StixValidator v, String json) {
    return v.validate(json.getBytes(StandardCharsets.UTF_8));
  }

  private List<Finding> validate(String json) {
    return validate(validator, json);
  }

  private static String with(String object, String members) {
    int end = object.lastIndexOf('}');
    return object.substring(0, end) + ", " + members + "}";
  }

  @Test
  void acceptsValidIndicatorWithoutFindings() {
    assertThat(validate(INDICATOR)).isEmpty();
  }

  @Test
  void reportsEveryFindingOfAFileNotJustTheFirst() {
    String bad =
        """
        {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
          {"type": "indicator", "spec_version": "2.0",
           "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
           "created": "2020-01-01T00:00:00.000Z", "modified": "2019-01-01T00:00:00.000Z",
           "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
           "valid_from": "2020-01-01T00:00:00", "confidence": 101, "labels": []},
          {"type": "sighting", "spec_version": "2.1",
           "id": "sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
           "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
           "sighting_of_ref": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
           "description": null}
        ]}
        """;
    assertThat(validate(bad))
        .extracting(Finding::severity, Finding::path, Finding::rule)
        .containsExactlyInAnyOrder(
            tuple(Severity.ERROR, "objects[0].valid_from", "timestamp"),
            tuple(Severity.ERROR, "objects[0].confidence", "range"),
            tuple(Severity.ERROR, "objects[0].labels", "empty-list"),
            tuple(Severity.ERROR, "objects[0].spec_version", "spec-version"),
            tuple(Severity.ERROR, "objects[0].modified", "timestamp-order"),
            tuple(Severity.ERROR, "objects[1].sighting_of_ref", "ref-type"),
            tuple(Severity.ERROR, "objects[1].description", "null-value"));
  }

  /** Found by StixValidatorFuzzTest: extensions on an object without a type threw an NPE. */
  @Test
  void judgesExtensionsOfAnObjectWithoutAType() {
    String untyped =
        with(
                INDICATOR,
                """
                "extensions": {"extension-definition--d83fce45-bb58-4c6c-a3f4-1fbc32e98c6e":
                  {"extension_type": "property-extension"}, "x-acme-ext": {"a": 1}}""")
            .replace("\"type\": \"indicator\", ", "");
    assertThat(validate(untyped))
        .extracting(Finding::path, Finding::rule)
        .containsExactly(
            tuple("type", "required-property"), tuple("extensions.x-acme-ext", "extension-name"));
  }

  @Test
  void rendersFindingsAsPathColonMessage() {
    String bundle =
        """
        {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
         "objects": [%s, %s]}
        """
            .formatted(
                INDICATOR.replace(
                    "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "0e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
                INDICATOR.replace(
                    "\"modified\": \"2020-01-01T00:00:00.000Z\"",
                    "\"modified\": \"2019-01-01T00:00:00.000Z\""));
    assertThat(validate(bundle))
        .extracting(Finding::toString)
        .containsExactly(
            "objects[1].modified: 2019-01-01T00:00:00.000Z is earlier than created"
                + " 2020-01-01T00:00:00.000Z");
  }

  @Test
  void strictModeTurnsWarningsIntoErrors() {
    String custom = with(INDICATOR, "\"acme_score\": 7");
    List<Finding> lenient = validate(custom);
    List<Finding> strict =
        validate(new StixValidator(StixValidator.Options.defaults().withStrict(true)), custom);
    assertThat(lenient)
        .extracting(Finding::severity, Finding::path, Finding::rule)
        .containsExactly(tuple(Severity.WARNING, "acme_score", "custom-property-prefix"));
    assertThat(StixValidator.isValid(lenient)).isTrue();
    assertThat(strict)
        .extracting(Finding::severity, Finding::path, Finding::rule)
        .containsExactly(tuple(Severity.ERROR, "acme_score", "custom-property-prefix"));
    assertThat(StixValidator.isValid(strict)).isFalse();
  }

  @Test
  void warnsAboutShouldRules() {
    String object =
        """
        {"type": "acme-widget", "spec_version": "2.1",
         "id": "acme-widget--6ba7b810-9dad-51d1-80b4-00c04fd430c8",
         "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z"}
        """;
    assertThat(validate(object))
        .extracting(Finding::severity, Finding::path, Finding::rule)
        .containsExactly(
            tuple(Severity.WARNING, "type", "custom-type-prefix"),
            tuple(Severity.WARNING, "id", "uuid-v4"));
  }

  @Test
  void warnsAboutOpenVocabularyValues() {
    String t = INDICATOR.replace("malicious-activity", "suspicious").replace("\"stix\"", "\"kql\"");
    assertThat(validate(t))
        .extracting(Finding::severity, Finding::path, Finding::rule)
        .containsExactly(
            tuple(Severity.WARNING, "indicator_types[0]", "vocabulary"),
            tuple(Severity.WARNING, "pattern_type", "pattern-type"));
  }

  @Test
  void checksHashAlgorithmNamesAndLengths() {
    String file =
        """
        {"type": "file", "spec_version": "2.1",
         "id": "file--5a27d487-c542-4d8e-8a67-5d8e4d5b3a11", "name": "a.exe",
         "hashes": {"SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b",
                    "MD5": "5d41402abc4b2a76b9719d91101", "SHA256": "00",
                    "TLSH": "T1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4"}}
        """;
    assertThat(validate(file))
        .extracting(Finding::severity, Finding::path, Finding::rule)
        .containsExactly(
            tuple(Severity.WARNING, "hashes.MD5", "hash-value"),
            tuple(Severity.WARNING, "hashes.SHA256", "hash-algorithm"),
            tuple(Severity.WARNING, "id", "sco-id-not-deterministic"));
  }

  @Test
  void warnsAboutDuplicateObjectVersionsInOneBundle() {
    String bundle =
        """
        {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
         "objects": [%s, %s, %s]}
        """
            .formatted(
                INDICATOR,
                INDICATOR.replace(
                    "\"modified\": \"2020-01-01T00:00:00.000Z\"",
                    "\"modified\": \"2020-02-01T00:00:00.000Z\""),
                INDICATOR);
    assertThat(validate(bundle))
        .extracting(Finding::severity, Finding::path, Finding::rule, Finding::message)
        .containsExactly(
            tuple(
                Severity.WARNING,
                "objects[2].id",
                "duplicate-id",
                "same id and version as objects[0] (modified 2020-01-01T00:00:00.000Z)"));
  }

  @Test
  void passesStixPatternsToTheHookUnderTheirVersion() {
    List<String> seen = new ArrayList<>();
    PatternCheck hook =
        p -> {
          seen.add(p);
          return Optional.of("expected ']' at col 10");
        };
    StixValidator v = new StixValidator(StixValidator.Options.defaults().withPatternCheck(hook));
    assertThat(validate(v, INDICATOR))
        .extracting(Finding::toString, Finding::rule)
        .containsExactly(tuple("pattern: expected ']' at col 10", "pattern"));
    assertThat(validate(v, with(INDICATOR, "\"pattern_version\": \"3.0\"")))
        .extracting(Finding::severity, Finding::rule)
        .containsExactly(tuple(Severity.WARNING, "pattern-version"));
    assertThat(validate(v, INDICATOR.replace("\"stix\"", "\"snort\""))).isEmpty();
    assertThat(seen).containsExactly("[ipv4-addr:value = '198.51.100.1']");
  }

  @Test
  void acceptsGranularMarkingsWhoseSelectorsResolve() {
    String malware =
        """
        {"type": "malware", "spec_version": "2.1",
         "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
         "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
         "name": "Ivy", "description": "RAT", "is_family": true,
         "external_references": [{"source_name": "vendor", "url": "https://example.com/ivy"}],
         "kill_chain_phases": [
           {"kill_chain_name": "lockheed-martin-cyber-kill-chain", "phase_name": "delivery"},
           {"kill_chain_name": "lockheed-martin-cyber-kill-chain", "phase_name": "installation"}],
         "granular_markings": [
           {"marking_ref": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "selectors": ["description", "external_references.[0].url", "kill_chain_phases.[1]"]},
           {"lang": "en", "selectors": ["name"]}]}
        """;
    assertThat(validate(malware)).isEmpty();
  }

  @Test
  void acceptsPredefinedTlpMarkings() {
    String markings =
        """
        [{"type": "marking-definition", "spec_version": "2.1",
          "id": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
          "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp", "name": "TLP:GREEN",
          "definition": {"tlp": "green"}},
         {"type": "marking-definition", "spec_version": "2.1",
          "id": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
          "created": "2022-10-01T00:00:00.000Z", "name": "TLP:CLEAR",
          "extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
            {"extension_type": "property-extension", "tlp_2_0": "clear"}}}]
        """;
    assertThat(validate(markings)).isEmpty();
  }

  @Test
  void extensionDeclaredTypesAndPropertiesNeedNoPrefix() {
    String object =
        """
        {"type": "acme-sensor", "spec_version": "2.1",
         "id": "acme-sensor--6ba7b810-9dad-41d1-80b4-00c04fd430c8",
         "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
         "rack": "B3",
         "extensions": {"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":
           {"extension_type": "new-sdo"}}}
        """;
    assertThat(validate(object)).isEmpty();
    String toplevel =
        with(
            INDICATOR,
            """
            "rack": "B3", "extensions": {"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":
              {"extension_type": "toplevel-property-extension"}}""");
    assertThat(validate(toplevel)).isEmpty();
  }

  @Test
  void scoIdsFollowTheirUuidRules() {
    String ipV5 =
        """
        {"type": "ipv4-addr", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
         "value": "198.51.100.1"}
        """;
    String ipV4 = ipV5.replace("5bc5", "4bc5");
    assertThat(validate(ipV5)).isEmpty();
    // A random id where the value could make a deterministic one: what misp-stix writes.
    assertThat(validate(ipV4))
        .extracting(Finding::severity, Finding::path, Finding::rule, Finding::isCompatibility)
        .containsExactly(tuple(Severity.WARNING, "id", "sco-id-not-deterministic", true));
    assertThat(validate(STRICT, ipV4)).allMatch(Finding::isError);
    String processV4 =
        """
        {"type": "process", "id": "process--f52a906a-0dfc-40bd-92f1-e7c6f5e1c4d5", "pid": 1}
        """;
    assertThat(validate(processV4)).isEmpty();
  }

  @Test
  void acceptsMispStylePropertyNamesWithAWarningAndRefusesThemWhenStrict() {
    String actor =
        """
        {"type": "threat-actor", "spec_version": "2.1",
         "id": "threat-actor--7cdff317-a673-4474-84ec-4f1754947823",
         "created": "2018-11-06T00:00:00.000Z", "modified": "2018-11-06T00:00:00.000Z",
         "name": "Sofacy", "x_misp_cfr-suspected-state-sponsor": "Russian Federation"}
        """;
    assertThat(validate(actor))
        .extracting(Finding::severity, Finding::path, Finding::rule)
        .containsExactly(
            tuple(Severity.WARNING, "x_misp_cfr-suspected-state-sponsor", "property-name-compat"));
    assertThat(validate(actor).getFirst().message())
        .contains("'x_misp_cfr-suspected-state-sponsor'", "§3.1");
    assertThat(validate(STRICT, actor))
        .extracting(Finding::severity, Finding::rule)
        .containsExactly(tuple(Severity.ERROR, "property-name-compat"));
  }

  @Test
  void namesBrokenBeyondHyphensStayErrors() {
    String actor =
        """
        {"type": "threat-actor", "spec_version": "2.1",
         "id": "threat-actor--7cdff317-a673-4474-84ec-4f1754947823",
         "created": "2018-11-06T00:00:00.000Z", "modified": "2018-11-06T00:00:00.000Z",
         "name": "Sofacy", "x_misp_Upper-case": 1, "misp-no-prefix": 2}
        """;
    assertThat(validate(actor))
        .extracting(Finding::severity, Finding::rule)
        .containsExactly(
            tuple(Severity.ERROR, "property-name"), tuple(Severity.ERROR, "property-name"));
  }

  @Test
  void toleratesAListOfObjectsAndValidatesParsedTrees() {
    JsonValue list = Json.parse("[" + INDICATOR + "]");
    assertThat(validator.validate(list)).isEmpty();
    assertThat(validator.validate(Json.parse(with(INDICATOR, "\"confidence\": 1.5"))))
        .extracting(Finding::toString)
        .containsExactly(
            "confidence: expected an integer written without fraction or exponent, found 1.5");
  }

  @Test
  void refusesNullOptions() {
    assertThatNullPointerException().isThrownBy(() -> new StixValidator(null));
    assertThatNullPointerException()
        .isThrownBy(() -> StixValidator.Options.defaults().withPatternCheck(null));
  }
}
