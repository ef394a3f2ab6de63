package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.taxii.TlsSettings;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ServerTrust;
import org.wuzhen.taxii.testing.TestCertificates;

/**
 * Federation between real nodes over TLS with a community CA made in the test: a peer that logs in
 * with a password and one that logs in with its client certificate both pull and check the source's
 * log; a peer that does not trust the CA pulls nothing and says why.
 */
class TlsFederationTest {
  @TempDir Path dir;

  @Test
  void peersPullOverTlsWithAPasswordOrAClientCertificate() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    TestCertificates.Issued aServer = ca.server("a");
    TestCertificates.Issued bClient = ca.client("node-b");
    String rules = "{\"relation\":\"member\"}";
    String policy = "{\"peers\":{\"b\":" + rules + ",\"c\":" + rules + ",\"d\":" + rules + "}}";
    // a maps b's client certificate to the user its peering gives b ("b-at-a").
    TlsSettings aTls =
        new TlsSettings.Native(
            new TlsSettings.ServerKey.Pem(aServer.certificate(), aServer.key()),
            Optional.of(
                new TlsSettings.ClientCertificates(
                    ca.caFile(),
                    List.of(
                        new TlsSettings.ClientLogin(
                            TlsSettings.CertificateMatch.parse(
                                bClient.x509().getSubjectX500Principal().getName()),
                            "b-at-a")))),
            TlsSettings.Native.DEFAULT_RELOAD_INTERVAL);
    try (PeerNode a = PeerNode.start("a", dir, policy, aTls);
        PeerNode b = PeerNode.start("b", dir, "{}");
        PeerNode c = PeerNode.start("c", dir, "{}");
        PeerNode d = PeerNode.start("d", dir, "{}")) {
      assertThat(a.apiRoot().getScheme()).isEqualTo("https");
      ServerTrust community = ServerTrust.caFile(ca.caFile());
      b.pullFrom(a, Credentials.clientCertificate(bClient.certificate(), bClient.key()), community);
      c.pullFrom(a, Credentials.basic(a.readerUser(c), PeerNode.PASSWORD), community);
      d.pullFrom(a, Credentials.basic(a.readerUser(d), PeerNode.PASSWORD), ServerTrust.system());
      StixObject green = MultiNodeTest.object(a, Tlp.GREEN, MultiNodeTest.T1);
      a.publish(green);

      for (PeerNode reader : List.of(b, c, d)) {
        reader.federation.syncOnce();
      }
      for (PeerNode reader : List.of(b, c)) {
        assertThat(reader.holdings()).as(reader.name).contains(PeerNode.key(green));
        PeerStatus status = reader.federation.status().getFirst();
        assertThat(status.lastError()).as(reader.name).isEmpty();
        assertThat(status.log()).as(reader.name).isInstanceOf(PeerLog.Verified.class);
      }
      assertThat(d.holdings()).isEmpty();
      assertThat(d.federation.status().getFirst().lastError().orElseThrow())
          .contains("TLS handshake failed");
    }
  }
}
