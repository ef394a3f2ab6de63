package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.taxii.CollectionResource;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.ObjectsPage;
import org.wuzhen.taxii.client.TaxiiClient;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path data;

  @Test
  void demoNodeServesTheCommunityWithTheWrittenCredentials() throws Exception {
    ServeCommand serve = new ServeCommand();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(serve);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cli.execute("--demo", "--port", "0", "--data", data.toString()));
    Instant deadline = Instant.now().plusSeconds(60);
    while (serve.running == null && !exit.isDone() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(serve.running).as("node started; output: %s", out).isNotNull();
    try {
      int port = serve.running.port();
      Path credentialsFile = data.resolve("demo/demo-credentials.json");
      // The server runs (serve.running is set) a moment before the credentials file is written.
      while (!Files.exists(credentialsFile) && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      JsonArray credentials = (JsonArray) Json.parse(Files.readAllBytes(credentialsFile));
      assertThat(credentials.size()).isEqualTo(3);
      JsonObject first = (JsonObject) credentials.get(0);
      assertThat(first.names()).containsExactly("member", "user", "password", "token", "key_file");
      assertThat(Path.of(first.string("key_file").orElseThrow())).isRegularFile();

      URI node = URI.create("http://127.0.0.1:" + port + "/");
      List<CollectionResource> list =
          TaxiiClient.builder(node)
              .credentials(
                  Credentials.basic(
                      first.string("user").orElseThrow(), first.string("password").orElseThrow()))
              .build()
              .collections("community");
      CollectionResource shared =
          list.stream()
              .filter(c -> c.alias().equals(Optional.of("shared")))
              .findFirst()
              .orElseThrow();
      assertThat(shared.canRead()).isTrue();
      assertThat(shared.canWrite()).isTrue();

      // ATT&CK for ICS is loaded and readable with the second member's token.
      CollectionResource attack =
          list.stream()
              .filter(c -> c.alias().equals(Optional.of("attack-ics")))
              .findFirst()
              .orElseThrow();
      String token = ((JsonObject) credentials.get(1)).string("token").orElseThrow();
      ObjectsPage tactics =
          TaxiiClient.builder(node)
              .credentials(Credentials.bearer(token))
              .build()
              .objects("community", attack.id(), ObjectFilter.NONE.withTypes("x-mitre-tactic"));
      assertThat(tactics.objects()).hasSize(12);
      assertThat(out.toString()).contains("demo-credentials.json", "alice", "attack-ics");
      // The console is on by default, its URL the first line printed; the root sends browsers
      // there.
      assertThat(out.toString().lines().findFirst().orElseThrow())
          .isEqualTo(
              "wuzhen: analysts' console at http://127.0.0.1:"
                  + port
                  + "/ui/ (log in as a demo user below)");
      java.net.http.HttpResponse<String> root =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(node).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(root.statusCode()).isEqualTo(303);
      assertThat(root.headers().firstValue("Location")).hasValue("/ui/");

      // A second demo on the same directory is refused and leaves this one's data alone.
      CliRun second = CliRun.of("serve", "--demo", "--port", "0", "--data", data.toString());
      assertThat(second.exitCode()).isEqualTo(2);
      assertThat(second.err()).contains("is in use by another node (a demo already running?)");
      assertThat(credentialsFile).exists();
      assertThat(
              TaxiiClient.builder(node)
                  .credentials(Credentials.bearer(token))
                  .build()
                  .objects("community", attack.id(), ObjectFilter.NONE.withTypes("x-mitre-tactic"))
                  .objects())
          .hasSize(12);
    } finally {
      serve.stop.countDown();
    }
    assertThat(exit.get()).isZero();
  }

  @Test
  void demoRefusesANonLoopbackAddress() {
    CliRun run =
        CliRun.of("serve", "--demo", "--host", "0.0.0.0", "--port", "0", "--data", data.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("loopback only");
  }

  @Test
  void badConfigurationStopsStartUpNamingTheSetting() throws Exception {
    Path config = data.resolve("bad.yaml");
    Files.writeString(config, "server:\n  port: many\n");
    CliRun run = CliRun.of("serve", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("config server.port: expected an integer, found 'many'");
  }

  @Test
  void aCommunityRequiringSignaturesWithoutMemberKeysDoesNotStart() throws Exception {
    Path config = data.resolve("keyless.yaml");
    Files.writeString(
        config,
        """
        community:
          members:
            - name: acme
              identity_ref: identity--a0000000-0000-4000-8000-000000000001
        """);
    CliRun run =
        CliRun.of(
            "serve",
            "--config",
            config.toString(),
            "--port",
            "0",
            "--data",
            data.resolve("keyless").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "config community: members: 'acme' has no public_keys, but member_signatures is"
                + " required");
  }

  @Test
  void demoWillNotWipeADirectoryItDidNotCreate() throws Exception {
    Files.createDirectories(data.resolve("demo"));
    Files.writeString(data.resolve("demo/precious.txt"), "keep me");
    CliRun run = CliRun.of("serve", "--demo", "--port", "0", "--data", data.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("was not created by --demo");
    assertThat(data.resolve("demo/precious.txt")).exists();
  }
}
