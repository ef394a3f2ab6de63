package org.wuzhen.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.governance.CharterRule;
import org.wuzhen.governance.CommunitySettings;
import org.wuzhen.governance.RuleValue;

class CommunitySectionTest {
  @TempDir Path dir;

  NodeConfig load(String yaml) throws IOException {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(Optional.of(file), Map.of(), Map.of());
  }

  @Test
  void aCommunitySectionGivesTheFoundingCharter() throws IOException {
    CommunitySettings c =
        load("""
                server:
                  port: 9000
                community:
                  collection: 11111111-2222-4333-8444-555555555555
                  members:
                    - name: acme
                      identity_ref: identity--a0000000-0000-4000-8000-000000000001
                      address_space: [203.0.113.0/24]
                  rules:
                    publish.min_confidence: 50
                    voting.quorum: 0.66
                  close_every_seconds: 30
                """)
            .community()
            .orElseThrow();
    assertThat(c.collection().toString()).isEqualTo("11111111-2222-4333-8444-555555555555");
    assertThat(c.members()).singleElement().satisfies(m -> assertThat(m.addressSpace()).hasSize(1));
    assertThat(c.rules())
        .containsEntry(CharterRule.PUBLISH_MIN_CONFIDENCE, new RuleValue.Whole(50));
    assertThat(c.closeEvery()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void membersBringTheirPublicKeysAndBadKeysAreNamed() throws IOException {
    java.security.KeyPair key = org.wuzhen.transparency.Ed25519Keys.generate();
    String base64 = org.wuzhen.transparency.Ed25519Keys.encodePublic(key.getPublic());
    CommunitySettings c =
        load("""
                community:
                  members:
                    - name: acme
                      identity_ref: identity--a0000000-0000-4000-8000-000000000001
                      public_keys: [%s]
                  rules:
                    member_signatures: required
                """
                .formatted(base64))
            .community()
            .orElseThrow();
    assertThat(c.members().getFirst().publicKeys()).containsExactly(key.getPublic());
    assertThat(c.rules())
        .containsEntry(CharterRule.MEMBER_SIGNATURES, new RuleValue.Choice("required"));
    assertThatThrownBy(
            () ->
                load(
                    """
                    community:
                      members:
                        - name: acme
                          identity_ref: identity--a0000000-0000-4000-8000-000000000001
                          public_keys: [bm90IGEga2V5]
                    """))
        .hasMessageContaining("members[0].public_keys[0]: not a base64 Ed25519 public key");
    assertThatThrownBy(() -> load("community:\n  rules:\n    member_signatures: sometimes\n"))
        .hasMessageContaining("community.rules.member_signatures")
        .hasMessageContaining("one of required, optional");
  }

  @Test
  void noSectionMeansNoCommunity() throws IOException {
    assertThat(load("server:\n  port: 9000\n").community()).isEmpty();
  }

  @Test
  void badCommunitySettingsAreNamed() {
    assertThatThrownBy(() -> load("community:\n  rules:\n    publish.min_confidence: 101\n"))
        .hasMessageContaining("config community.rules.publish.min_confidence")
        .hasMessageContaining("out of range 0..100");
    assertThatThrownBy(() -> load("community:\n  rules:\n    voting.quorom: 1\n"))
        .hasMessage("config community.rules.voting.quorom: unknown rule");
    assertThatThrownBy(() -> load("community:\n  colection: x\n"))
        .hasMessageContaining("config community.colection: unknown setting");
    assertThatThrownBy(() -> load("community:\n  members:\n    - name: acme\n"))
        .hasMessageContaining("members[0].identity_ref: missing");
  }
}
