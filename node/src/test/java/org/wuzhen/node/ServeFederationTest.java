package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.PasswordHasher;
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
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + serve.running.port() + "/wuzhen/peers/"))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(("root:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
              .build();
      String body = "";
      // The peer is down: its status shows the failed pulls once the first one has run.
      while (!body.contains("\"failures\":") || body.contains("\"failures\":0")) {
        assertThat(Instant.now()).as("status with failures; last: %s", body).isBefore(deadline);
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        body = r.body();
        Thread.sleep(50);
      }
      assertThat(body)
          .contains("\"peer\":\"node-b\"")
          .contains("\"last_error\":\"GET http://127.0.0.1:1/");
      assertThat(body).doesNotContain("not-a-real-token");
      // Its log could not be checked either: an error, not a flag.
      assertThat(body).contains("\"flag\":null").contains("\"pulling\":true");
      // The heads this node witnessed of its peers are public; it has verified none yet.
      HttpResponse<String> witnessed =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + serve.running.port() + "/wuzhen/log/witnessed/"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(witnessed.statusCode()).isEqualTo(200);
      assertThat(witnessed.body()).isEqualTo("{\"heads\":[]}");
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
