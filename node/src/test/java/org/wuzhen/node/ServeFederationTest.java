package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.federation.PeerLog;
import org.wuzhen.federation.PeerStatus;
import org.wuzhen.federation.PeersReply;
import org.wuzhen.stix.Json;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.transparency.Ed25519Keys;
import picocli.CommandLine;

/** {@code wuzhen serve} with the federation sections of the config. */
class ServeFederationTest {
  @TempDir Path data;

  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void aServedNodeSeedsItsPeersPullsThemAndReportsTheirStatus() throws Exception {
    CollectionId local = CollectionId.random();
    try (Store s = Stores.open(new StoreConfig.Sqlite(data))) {
      s.createCollection(
          new CollectionInfo(local, "in", Optional.empty(), Optional.empty(), List.of()));
      s.addMember(new Member("ops", "identity--6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f"));
      s.addUser(new User("root", "ops", PasswordHasher.withCost(64, 1, 1).hash(PASSWORD), true));
    }
    Path config = data.resolve("wuzhen.yaml");
    Files.writeString(
        config,
        """
        node:
          data: %s
        export_policy:
          max_tlp: amber
          peers:
            node-b: {relation: member}
        peers:
          - name: node-b
            url: http://127.0.0.1:1/api1/
            token: not-a-real-token
            pull: {remote-1: %s}
            interval_ms: 50
            log_key: %s
        """
            .formatted(data, local, Ed25519Keys.encodePublic(Ed25519Keys.generate().getPublic())));
    ServeCommand serve = new ServeCommand();
    CommandLine cli = new CommandLine(serve);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cli.execute("--config", config.toString(), "--port", "0"));
    Instant deadline = Instant.now().plusSeconds(60);
    while (serve.running == null && !exit.isDone() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(serve.running).as("node started; output: %s", out).isNotNull();
    try {
      URI node = URI.create("http://127.0.0.1:" + serve.running.port() + "/");
      TaxiiClient admin =
          TaxiiClient.builder(node).credentials(Credentials.basic("root", PASSWORD)).build();
      // The peer is down: its status shows the failed pulls once the first one has run.
      PeerStatus b = null;
      while (b == null || b.failures() == 0) {
        assertThat(Instant.now()).as("status with failures; last: %s", b).isBefore(deadline);
        b = admin.get("/wuzhen/peers/", Map.of(), PeersReply::fromJson).peers().getFirst();
        Thread.sleep(50);
      }
      assertThat(b.peer()).isEqualTo("node-b");
      assertThat(b.lastError().orElseThrow()).startsWith("GET http://127.0.0.1:1/");
      String peers = admin.get("/wuzhen/peers/", Map.of(), Json::write);
      assertThat(peers).doesNotContain("not-a-real-token");
      // Its log could not be checked either: an error, not a flag.
      assertThat(b.pulling()).isTrue();
      assertThat(b.log()).isNotInstanceOf(PeerLog.Flagged.class);
      // The heads this node witnessed of its peers are public; it has verified none yet.
      String witnessed =
          TaxiiClient.builder(node).build().get("/wuzhen/log/witnessed/", Map.of(), Json::write);
      assertThat(witnessed).isEqualTo("{\"heads\":[]}");
    } finally {
      serve.stop.countDown();
      assertThat(exit.get()).isZero();
    }
  }

  @Test
  void aBadFederationSettingStopsStartUpNamingIt() throws Exception {
    Path config = data.resolve("wuzhen.yaml");
    Files.writeString(
        config, "node:\n  data: " + data + "\npeers:\n  - name: node-b\n    url: node-b:9000\n");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("--config", config.toString(), "--port", "0");
    assertThat(code).isEqualTo(ExitCodes.UNREADABLE);
    assertThat(err.toString())
        .contains("config peers[0].url: not an absolute http(s) URL: 'node-b:9000'");
  }
}
