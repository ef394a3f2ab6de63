package org.wuzhen.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A node running as a separate JVM process on loopback, started with this test JVM's classpath:
 * what a real deployment runs, so it can be killed with SIGKILL.
 */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final StringBuffer output = new StringBuffer();
  private final StringBuffer errors = new StringBuffer();

  private NodeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code wuzhen serve} with the given extra arguments and waits until it listens. */
  static NodeProcess start(Path data, int port, List<String> extraArgs)
      throws IOException, InterruptedException {
    return start(data, port, extraArgs, java.util.Map.of());
  }

  /** {@link #start(Path, int, List)} with these environment variables added. */
  static NodeProcess start(
      Path data, int port, List<String> extraArgs, java.util.Map<String, String> environment)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("serve");
    command.add("--data");
    command.add(data.toString());
    command.add("--port");
    command.add(Integer.toString(port));
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.start();
    NodeProcess node = new NodeProcess(process, port);
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  node.output.append(line).append('\n');
                  if (line.contains("serving TAXII 2.1 at")) {
                    listening.countDown();
                  }
                }
              } catch (IOException ended) {
                // The process was killed.
              }
            },
            "node-output");
    reader.setDaemon(true);
    reader.start();
    Thread errorReader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  node.output.append(line).append('\n');
                  node.errors.append(line).append('\n');
                }
              } catch (IOException ended) {
                // The process was killed.
              }
            },
            "node-errors");
    errorReader.setDaemon(true);
    errorReader.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!listening.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("the node did not start; its output:\n" + node.output);
      }
    }
    return node;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** What the node wrote on stdout and stderr, interleaved by line. */
  String output() {
    return output.toString();
  }

  /** What the node wrote on stderr: its log. */
  String errors() {
    return errors.toString();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
