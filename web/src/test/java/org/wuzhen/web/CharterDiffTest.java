package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CharterPatch;
import org.wuzhen.stix.Json;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.web.view.ObjectPageView.Property;

class CharterDiffTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static List<String> lines(List<Property> diff) {
    return diff.stream().map(p -> p.name() + ": " + p.value()).toList();
  }

  @Test
  void namesEveryRuleChangedAndEveryMemberAdmittedDepartedOrRekeyed() {
    PublicKey first = Ed25519Keys.generate().getPublic();
    PublicKey second = Ed25519Keys.generate().getPublic();
    Charter v1 =
        Charter.found(
            List.of(
                new CharterMember(
                    "a",
                    "identity--00000000-0000-4000-8000-000000000001",
                    List.of(),
                    List.of(first)),
                new CharterMember(
                    "b",
                    "identity--00000000-0000-4000-8000-000000000002",
                    List.of(),
                    List.of(Ed25519Keys.generate().getPublic()))),
            Map.of(),
            T);
    String patch =
        """
        {"set":[{"rule":"publish.min_confidence","value":60}],
         "admit":[{"name":"c","identity_ref":"identity--00000000-0000-4000-8000-000000000003",\
                   "public_keys":["%s"]}],
         "keys":[{"member":"a","public_keys":["%s"]}],
         "depart":["b"]}"""
            .formatted(
                Ed25519Keys.encodePublic(Ed25519Keys.generate().getPublic()),
                Ed25519Keys.encodePublic(second));
    Charter v2 = v1.apply(CharterPatch.parse(Json.parse(patch)), T, "proposal--x");

    String was =
        Json.write(
            v1.rules().get(org.wuzhen.governance.CharterRule.PUBLISH_MIN_CONFIDENCE).toJson());
    assertThat(lines(CharterDiff.between(v1, v2)))
        .containsExactly(
            "rule publish.min_confidence: " + was + " → 60",
            "member a: key " + Ed25519Keys.keyId(second) + " registered",
            "member a: key " + Ed25519Keys.keyId(first) + " withdrawn",
            "member c: admitted (identity--00000000-0000-4000-8000-000000000003)",
            "member b: departed");
    assertThat(CharterDiff.between(v2, v2)).isEmpty();
  }
}
