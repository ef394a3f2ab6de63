package org.wuzhen.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.federation.FederationSettings;
import org.wuzhen.federation.Peer;
import org.wuzhen.federation.Relation;
import org.wuzhen.stix.Tlp;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ServerTrust;

class FederationSectionsTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("wuzhen.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theFederationSectionsSitBesideTheNodeSettings() throws IOException {
    Path file =
        write(
            """
            server:
              port: 8000
            export_policy:
              max_tlp: green
              peers:
                node-b: {relation: member, max_tlp: amber}
            peers:
              - name: node-b
                url: http://127.0.0.1:9444/api1
                user: a-at-b
                password: secret
                pull: {remote-1: 5d2a4a4b-77a1-4a0b-9f0c-6c9a1b2c3d4e}
                read: [5d2a4a4b-77a1-4a0b-9f0c-6c9a1b2c3d4e]
                member: peer-b
            """);
    assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of()).port()).isEqualTo(8000);
    FederationSettings f = ConfigLoader.federation(Optional.of(file));
    assertThat(f.policy().rulesFor("node-b").relation()).isEqualTo(Relation.MEMBER);
    assertThat(f.policy().rulesFor("node-b").maxTlp()).isEqualTo(Tlp.AMBER);
    assertThat(f.policy().rulesFor("other").maxTlp()).isEqualTo(Tlp.GREEN);
    Peer b = f.peers().getFirst();
    assertThat(b.apiRoot().toString()).isEqualTo("http://127.0.0.1:9444/api1/");
    assertThat(b.credentials()).isEqualTo(Credentials.basic("a-at-b", "secret"));
    assertThat(b.interval()).isEqualTo(Peer.DEFAULT_INTERVAL);
    assertThat(Peer.of(b.toStored())).isEqualTo(b);
  }

  @Test
  void aPeerOverTlsNamesItsCaFileAndMayLogInWithAClientCertificate() throws IOException {
    Path file =
        write(
            """
            peers:
              - name: node-b
                url: https://node-b.example.org:9443/api1
                ca_file: /etc/wuzhen/community-ca.pem
                client_certificate: /etc/wuzhen/peer.pem
                client_key: /etc/wuzhen/peer.key
            """);
    Peer b = ConfigLoader.federation(Optional.of(file)).peers().getFirst();
    assertThat(b.trust()).isEqualTo(ServerTrust.caFile(Path.of("/etc/wuzhen/community-ca.pem")));
    assertThat(b.credentials())
        .isEqualTo(
            Credentials.clientCertificate(
                Path.of("/etc/wuzhen/peer.pem"), Path.of("/etc/wuzhen/peer.key")));
    assertThat(Peer.of(b.toStored())).isEqualTo(b);
    assertRefused(
        "peers:\n  - {name: b, url: 'http://x/', ca_file: ca.pem}\n",
        "config peers[0].ca_file: a CA file needs an https url");
    assertRefused(
        "peers:\n  - {name: b, url: 'https://x/', client_certificate: c.pem}\n",
        "config peers[0].client_key: missing");
    assertRefused(
        "peers:\n  - {name: b, url: 'https://x/', client_certificate: c, client_key: k, token: t}\n",
        "config peers[0].client_certificate: give one way to log in");
  }

  @Test
  void noSectionsMeanTheClosedDefaultPolicyAndNoPeers() {
    FederationSettings f = ConfigLoader.federation(Optional.empty());
    assertThat(f.peers()).isEmpty();
    assertThat(f.policy().rulesFor("anyone").relation()).isEqualTo(Relation.EXTERNAL);
  }

  @Test
  void badFederationSettingsNameTheSetting() throws IOException {
    assertRefused("peers: {a: 1}\n", "config peers: expected a list of peers");
    assertRefused(
        "peers:\n  - {name: b, url: 'http://x/'}\n  - {name: b, url: 'http://y/'}\n",
        "config peers[1].name: 'b' is used twice");
    assertRefused("peers:\n  - {name: b}\n", "config peers[0].url: missing");
    assertRefused(
        "peers:\n  - {name: b, url: 'http://x/', token: t, user: u, password: p}\n",
        "config peers[0].token: give either token or user and password");
    assertRefused(
        "peers:\n  - {name: b, url: 'http://x/', read: [5d2a4a4b-77a1-4a0b-9f0c-6c9a1b2c3d4e]}\n",
        "config peers[0].member: needed with read");
    assertRefused(
        "peers:\n  - {name: b, url: 'http://x/', pull: {r: not-a-uuid}}\n",
        "config peers[0].pull.r: 'not-a-uuid' is not a collection id");
    assertRefused(
        "peers:\n  - {name: b, url: 'http://x/', interval_ms: 1}\n",
        "config peers[0].interval_ms: 1 is outside 10..86400000");
    assertRefused("export_policy: {unmarked_tlp: purple}\n", "config export_policy.unmarked_tlp:");
  }

  private void assertRefused(String yaml, String message) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> ConfigLoader.federation(Optional.of(file)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
