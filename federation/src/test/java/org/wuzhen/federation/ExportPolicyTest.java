package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wuzhen.federation.Samples.indicator;
import static org.wuzhen.federation.Samples.newId;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;

class ExportPolicyTest {
  static final String OWN = "identity--00000000-0000-4000-8000-000000000001";
  static final String OTHER = "identity--00000000-0000-4000-8000-000000000002";
  static final CollectionId SHARED = CollectionId.parse("11111111-1111-4111-8111-111111111111");
  static final CollectionId PRIVATE = CollectionId.parse("22222222-2222-4222-8222-222222222222");
  static final String T = "2024-02-01T00:00:00.000Z";

  /** Peers of every relation, each named in the policy. */
  static ExportPolicy policy(String extra) {
    String text =
        """
        {"max_tlp":"amber+strict","unmarked_tlp":"green",
         "own_infrastructure":{"networks":["198.51.100.0/24","2001:db8::/32"],"domains":["example.org"]},
         "peers":{
           "sister":{"relation":"same-organisation"},
           "member":{"relation":"member"},
           "friend":{"relation":"community"},
           "stranger":{"relation":"external"}%s}}
        """
            .formatted(extra);
    return ExportPolicy.parse(Json.parse(text), "export_policy").withOwnIdentities(Set.of(OWN));
  }

  static ExportPolicy policy() {
    return policy("");
  }

  static StixObject own(Tlp tlp) {
    return Samples.onAddress(newId("indicator"), T, tlp, OWN, "203.0.113.7");
  }

  static Decision decide(String peer, StixObject o) {
    return policy().decide(peer, SHARED, o);
  }

  @Test
  void redNeverLeavesEvenForTheSameOrganisation() {
    Decision d = decide("sister", own(Tlp.RED));
    assertThat(d.allowed()).isFalse();
    assertThat(d.rule()).isEqualTo("tlp.red");
    ExportPolicy loose = policy().withPeerRules("sister", ExportRules.DEFAULTS);
    assertThat(loose.decide("sister", SHARED, own(Tlp.RED)).rule()).isEqualTo("tlp.red");
  }

  @Test
  void eachTlpLevelGoesExactlyToTheRelationsItAllows() {
    Map<Tlp, List<String>> allowed =
        Map.of(
            Tlp.CLEAR, List.of("sister", "member", "friend", "stranger"),
            Tlp.GREEN, List.of("sister", "member", "friend"),
            Tlp.AMBER, List.of("sister", "member"),
            Tlp.AMBER_STRICT, List.of("sister"),
            Tlp.RED, List.of());
    for (Tlp tlp : Tlp.values()) {
      for (String peer : List.of("sister", "member", "friend", "stranger")) {
        Decision d = decide(peer, own(tlp));
        assertThat(d.allowed())
            .as(tlp + " to " + peer + ": " + d)
            .isEqualTo(allowed.get(tlp).contains(peer));
        if (!d.allowed() && tlp != Tlp.RED) {
          assertThat(d.rule()).isEqualTo("tlp.relation");
        }
      }
    }
  }

  @Test
  void tlp1MarkingsReadAsTheirTlp2Namesakes() {
    assertThat(decide("stranger", Samples.withTlp1(own(null), Tlp.CLEAR)).allowed()).isTrue();
    assertThat(decide("friend", Samples.withTlp1(own(null), Tlp.AMBER)).rule())
        .isEqualTo("tlp.relation");
    assertThat(decide("sister", Samples.withTlp1(own(null), Tlp.RED)).rule()).isEqualTo("tlp.red");
  }

  @Test
  void anUnmarkedObjectTakesTheConfiguredDefault() {
    assertThat(decide("friend", own(null)).allowed()).isTrue();
    Decision d = decide("stranger", own(null));
    assertThat(d.rule()).isEqualTo("tlp.relation");
    assertThat(d.reason()).contains("unmarked");
    ExportPolicy redDefault =
        policy().withPeerRules("friend", rules("friend", "unmarked_tlp", "red"));
    assertThat(redDefault.decide("friend", SHARED, own(null)).rule()).isEqualTo("tlp.red");
  }

  @Test
  void theStrictestOfSeveralMarkingsCountsGranularOnesToo() {
    StixObject o =
        StixObject.from(
            own(Tlp.CLEAR)
                .json()
                .with(
                    "granular_markings",
                    Json.parse(
                        "[{\"marking_ref\":\""
                            + Tlp.RED.markingId()
                            + "\",\"selectors\":[\"name\"]}]")));
    assertThat(decide("sister", o).rule()).isEqualTo("tlp.red");
  }

  @Test
  void maxTlpCapsEvenTheClosestPeers() {
    ExportPolicy p = policy().withPeerRules("sister", rules("sister", "max_tlp", "green"));
    Decision d = p.decide("sister", SHARED, own(Tlp.AMBER));
    assertThat(d.rule()).isEqualTo("max_tlp");
    assertThat(p.decide("sister", SHARED, own(Tlp.GREEN)).allowed()).isTrue();
  }

  @Test
  void onlyListedCollectionsAndTypesLeave() {
    ExportPolicy p =
        policy(
            ",\"limited\":{\"relation\":\"member\",\"collections\":[\""
                + SHARED
                + "\"],\"types\":[\"malware\"]}");
    assertThat(p.decide("limited", PRIVATE, own(Tlp.GREEN)).rule()).isEqualTo("collections");
    assertThat(p.decide("limited", SHARED, own(Tlp.GREEN)).rule()).isEqualTo("types");
    assertThat(p.decide("member", PRIVATE, own(Tlp.GREEN)).allowed()).isTrue();
  }

  @Test
  void confidenceBelowTheMinimumOrMissingStays() {
    ExportPolicy p = policy(",\"picky\":{\"relation\":\"member\",\"min_confidence\":60}");
    assertThat(p.decide("picky", SHARED, own(Tlp.GREEN)).rule()).isEqualTo("min_confidence");
    assertThat(p.decide("picky", SHARED, Samples.withConfidence(own(Tlp.GREEN), 59)).reason())
        .contains("59 is below min_confidence 60");
    assertThat(p.decide("picky", SHARED, Samples.withConfidence(own(Tlp.GREEN), 60)).allowed())
        .isTrue();
  }

  @Test
  void othersObjectsArePassedOnOnlyUnderOnwardSharingAndNeverWhenAmber() {
    StixObject foreignGreen =
        indicator(newId("indicator"), T, Tlp.GREEN, OTHER, "[ipv4-addr:value = '203.0.113.9']");
    StixObject foreignAmber =
        indicator(newId("indicator"), T, Tlp.AMBER, OTHER, "[ipv4-addr:value = '203.0.113.9']");
    assertThat(decide("member", foreignGreen).rule()).isEqualTo("onward_sharing");
    ExportPolicy onward = policy(",\"relay\":{\"relation\":\"member\",\"onward_sharing\":true}");
    assertThat(onward.decide("relay", SHARED, foreignGreen).allowed()).isTrue();
    assertThat(onward.decide("relay", SHARED, foreignAmber).rule())
        .isEqualTo("onward_sharing.amber");
    StixObject anonymous =
        indicator(newId("indicator"), T, Tlp.GREEN, null, "[ipv4-addr:value = '203.0.113.9']");
    assertThat(decide("member", anonymous).allowed()).isTrue();
  }

  @Test
  void withheldMarkingsKeepObjectsHome() {
    String statement = "marking-definition--" + java.util.UUID.randomUUID();
    ExportPolicy p =
        policy(
            ",\"careful\":{\"relation\":\"member\",\"withheld_markings\":[\"" + statement + "\"]}");
    StixObject marked =
        StixObject.from(
            own(Tlp.GREEN)
                .json()
                .with("object_marking_refs", Samples.strings(Tlp.GREEN.markingId(), statement)));
    assertThat(p.decide("careful", SHARED, marked).rule()).isEqualTo("withheld_markings");
    assertThat(p.decide("member", SHARED, marked).allowed()).isTrue();
  }

  @Test
  void indicatorsOnOwnAddressesAndDomainsStay() {
    for (String pattern :
        List.of(
            "[ipv4-addr:value = '198.51.100.23']",
            "[ipv4-addr:value ISSUBSET '198.51.0.0/16']",
            "[network-traffic:src_port = 80] AND [ipv6-addr:value = '2001:db8::1']",
            "[domain-name:value = 'mail.example.org']",
            "[url:value = 'https://www.example.org/login']",
            "[email-addr:value = 'ceo@example.org']",
            "[ipv4-addr:value IN ('203.0.113.1', '198.51.100.1')]")) {
      Decision d = decide("friend", indicator(newId("indicator"), T, Tlp.GREEN, OWN, pattern));
      assertThat(d.rule()).as(pattern).isEqualTo("own_infrastructure");
    }
    for (String pattern :
        List.of(
            "[ipv4-addr:value = '198.51.101.23']",
            "[domain-name:value = 'example.org.evil.net']",
            "[domain-name:value = 'notexample.org']",
            "[file:name = '198.51.100.23']")) {
      Decision d = decide("friend", indicator(newId("indicator"), T, Tlp.GREEN, OWN, pattern));
      assertThat(d.allowed()).as(pattern + ": " + d).isTrue();
    }
    StixObject unreadable =
        Samples.with(
            indicator(newId("indicator"), T, Tlp.GREEN, OWN, "alert tcp any any"),
            "pattern_type",
            "snort");
    assertThat(decide("friend", unreadable).rule()).isEqualTo("own_infrastructure");
    StixObject sco =
        StixObject.parse(
            "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--"
                + java.util.UUID.randomUUID()
                + "\",\"value\":\"198.51.100.4\",\"object_marking_refs\":[\""
                + Tlp.GREEN.markingId()
                + "\"]}");
    assertThat(decide("friend", sco).rule()).isEqualTo("own_infrastructure");
  }

  @Test
  void unnamedPeersGetTheDefaultsWhichAreExternal() {
    assertThat(decide("unknown", own(Tlp.GREEN)).rule()).isEqualTo("tlp.relation");
    assertThat(decide("unknown", own(Tlp.CLEAR)).allowed()).isTrue();
    assertThat(ExportPolicy.DEFAULT.decide("x", SHARED, own(null)).allowed()).isFalse();
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    assertRefused("{\"max_tlp\":\"blue\"}", "export_policy.max_tlp: expected clear");
    assertRefused("{\"maxtlp\":\"red\"}", "export_policy.maxtlp: unknown setting");
    assertRefused(
        "{\"min_confidence\":101}", "export_policy.min_confidence: 101 is outside 0..100");
    assertRefused(
        "{\"peers\":{\"b\":{\"relation\":\"friend\"}}}",
        "export_policy.peers.b.relation: expected same-organisation");
    assertRefused(
        "{\"collections\":[\"nope\"]}",
        "export_policy.collections[0]: 'nope' is not a collection id");
    assertRefused(
        "{\"own_infrastructure\":{\"networks\":[\"10.0.0.0/33\"]}}",
        "export_policy.own_infrastructure.networks[0]: not an IPv4");
    assertRefused(
        "{\"onward_sharing\":\"yes\"}", "export_policy.onward_sharing: expected true or false");
    assertRefused("[]", "export_policy: expected a mapping");
  }

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> ExportPolicy.parse(Json.parse(json), "export_policy"))
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith(message);
  }

  static ExportRules rules(String peer, String key, String value) {
    JsonObject o = JsonObject.builder().put(key, value).build();
    return policy().rulesFor(peer).overriddenBy(new Settings(o, "test"));
  }
}
