package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.taxii.testing.TestCertificates;
import picocli.CommandLine;

/**
 * {@code wuzhen serve} with the config's {@code tls} section, and the commands that talk to it:
 * HTTPS with the configured certificate, verified by {@code --ca-file}; plain HTTP beyond loopback
 * only when the config says a proxy terminates TLS.
 */
class ServeTlsTest {
  @TempDir Path dir;

  /** A running {@code serve} and what it printed. */
  private record Serving(ServeCommand serve, StringWriter out, CompletableFuture<Integer> exit)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      serve.stop.countDown();
      assertThat(exit.get()).isZero();
    }
  }

  private Serving serve(Path config) throws Exception {
    ServeCommand serve = new ServeCommand();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(serve);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "--config",
                    config.toString(),
                    "--port",
                    "0",
                    "--data",
                    dir.resolve("data").toString()));
    Instant deadline = Instant.now().plusSeconds(60);
    while (serve.running == null && !exit.isDone() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(serve.running).as("node started; out %s err %s", out, err).isNotNull();
    return new Serving(serve, out, exit);
  }

  /** {@code serve} that is expected not to start. */
  private CliRun serveOnce(Path config) {
    return CliRun.of(
        "serve",
        "--config",
        config.toString(),
        "--port",
        "0",
        "--data",
        dir.resolve("data").toString());
  }

  @Test
  void servesHttpsWithTheConfiguredCertificateWhichCommandsVerifyWithACaFile() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    TestCertificates.Issued server = ca.server("node");
    Path config = dir.resolve("tls.yaml");
    Files.writeString(
        config,
        """
        tls:
          certificate: %s
          key: %s
        """
            .formatted(server.certificate(), server.key()));
    try (Serving node = serve(config)) {
      String url = node.serve().running.baseUri().toString();
      assertThat(url).startsWith("https://127.0.0.1:");
      assertThat(node.out().toString()).contains("serving TAXII 2.1 at https://", "TLS 1.2/1.3");

      CliRun trusted =
          CliRun.of("audit", "verify", "--url", url, "--ca-file", ca.caFile().toString());
      assertThat(trusted.exitCode()).as(trusted.err()).isZero();
      assertThat(trusted.out()).contains("audit passed");

      CliRun untrusted = CliRun.of("audit", "verify", "--url", url);
      assertThat(untrusted.exitCode()).isNotZero();
      assertThat(untrusted.err()).contains("TLS handshake failed", "--ca-file");

      CliRun missing =
          CliRun.of(
              "audit", "verify", "--url", url, "--ca-file", dir.resolve("nowhere.pem").toString());
      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.err()).contains("nowhere.pem does not exist");
    }
  }

  @Test
  void plainHttpBeyondLoopbackIsRefusedNamingTheSetting() throws Exception {
    Path config = dir.resolve("open.yaml");
    Files.writeString(config, "server:\n  host: 0.0.0.0\n");
    CliRun run = serveOnce(config);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("config tls:", "0.0.0.0", "tls: off");
  }

  @Test
  void tlsOffBehindAProxyListensBeyondLoopbackAndSaysSo() throws Exception {
    Path config = dir.resolve("proxied.yaml");
    Files.writeString(
        config,
        """
        server:
          host: 0.0.0.0
          public_url: https://taxii.example.org/
        tls: off
        """);
    try (Serving node = serve(config)) {
      assertThat(node.out().toString())
          .contains("plain HTTP: tls is off, a TLS-terminating proxy must be in front")
          .contains("clients reach it at https://taxii.example.org/taxii2/");
    }
  }

  @Test
  void aBadTlsSectionStopsStartUpNamingTheFile() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(
        config,
        "tls:\n  certificate: %s\n  key: %s\n"
            .formatted(dir.resolve("missing.pem"), dir.resolve("missing.key")));
    CliRun run = serveOnce(config);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("tls.certificate", "missing.pem does not exist");
  }
}
