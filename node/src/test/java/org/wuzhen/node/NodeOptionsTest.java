package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands that talk to a node, against a fake node on loopback (a real one cannot be made to
 * answer with a renamed member): how they log in, and that they refuse an answer they cannot read
 * instead of printing placeholders.
 */
class NodeOptionsTest {
  HttpServer fake;
  volatile String answer = "{}";
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.createContext("/", this::reply);
    fake.start();
  }

  @AfterEach
  void stop() {
    fake.stop(0);
  }

  private void reply(HttpExchange exchange) throws IOException {
    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  String url() {
    return "http://127.0.0.1:" + fake.getAddress().getPort() + "/";
  }

  @Test
  void aRenamedMemberInTheNodesAnswerFailsNamingIt() {
    answer =
        """
        {"proposals":[{"id":"x-wuzhen-proposal--1","titel":"Raise the bar",\
        "proposer_ref":"identity--1","charter_version":1,"opened":"2026-01-01T00:00:00Z",\
        "closes":"2026-01-02T00:00:00Z","state":"open","members":3,"yes":1,"no":0,\
        "abstain":0}]}""";

    CliRun run = CliRun.of("proposals", "list", "--url", url(), "--token", "wz_t");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREADABLE);
    assertThat(run.err())
        .contains(
            "GET " + url() + "wuzhen/proposals/: malformed answer: proposals[0].title: missing");
    assertThat(run.out()).doesNotContain("?");
    assertThat(authorizations).containsExactly("Bearer wz_t");
  }

  @Test
  void aUserIsSentWithItsPassword() {
    answer = "{\"proposals\":[]}";

    CliRun run =
        CliRun.of("proposals", "list", "--url", url(), "--user", "alice", "--password", "pw");

    assertThat(run.out()).contains("no proposals");
    assertThat(authorizations).containsExactly("Basic YWxpY2U6cHc=");
  }

  @Test
  void aUserWithoutAPasswordIsRefusedBeforeAnythingIsSent() {
    assumeTrue(System.getenv("WUZHEN_PASSWORD") == null, "WUZHEN_PASSWORD would be the password");

    CliRun run = CliRun.of("proposals", "list", "--url", url(), "--user", "alice");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREADABLE);
    assertThat(run.err()).contains("--password: needed with --user");
    assertThat(authorizations).isEmpty();
  }

  @Test
  void secretsComeFromTheEnvironmentWhenTheOptionsAreAbsent() throws Exception {
    answer = "{\"proposals\":[]}";

    Process list =
        wuzhen(
            Map.of("WUZHEN_PASSWORD", "from-env"),
            "proposals",
            "list",
            "--url",
            url(),
            "--user",
            "bob");
    assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(list.exitValue()).isZero();
    Process audit = wuzhen(Map.of("WUZHEN_TOKEN", "wz_env"), "audit", "verify", "--url", url());
    assertThat(audit.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(authorizations)
        .startsWith(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("bob:from-env".getBytes(StandardCharsets.UTF_8)))
        .contains("Bearer wz_env");
  }

  /** Runs the command line in a new process with these environment variables. */
  private static Process wuzhen(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("WUZHEN_PASSWORD");
    builder.environment().remove("WUZHEN_TOKEN");
    builder.environment().putAll(env);
    return builder.start();
  }
}
