package org.wuzhen.node;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.wuzhen.node.config.ConfigException;
import org.wuzhen.node.config.ConfigLoader;
import org.wuzhen.stream.StreamDetection;
import org.wuzhen.stream.StreamSettings;
import org.wuzhen.taxii.LoopbackMetrics;
import org.wuzhen.transparency.AuditFailure;
import org.wuzhen.transparency.LogClient;
import org.wuzhen.transparency.TreeHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wuzhen stream}: one instance of detection on Kafka Streams (docs/scale-out.md). */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run detection on Kafka Streams: match the telemetry topics of the config's",
      "'stream' section against the indicators topic and write sightings with",
      "exactly-once processing. Start as many instances as the telemetry topics have",
      "partitions. With --indicators, this instance also fills the indicators topic",
      "from the node; with --publish, it posts the sightings to the node. Runs until",
      "stopped (SIGTERM or Ctrl-C). See docs/scale-out.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by a signal",
      "1:the instance stopped on an error (said on stderr)",
      "2:bad usage or configuration"
    })
final class StreamCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The YAML configuration with a 'stream' section.")
  Path config;

  @Option(
      names = "--indicators",
      paramLabel = "URL",
      description = {
        "A TAXII collection (…/collections/ID/) whose indicators this member may use: they",
        "fill the indicators topic, and revoked or excluded ones are withdrawn from it."
      })
  Optional<String> indicators;

  @Option(
      names = "--publish",
      paramLabel = "URL",
      description = "A TAXII collection the sightings are posted to (the node's write path).")
  Optional<String> publish;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the instance's counts and consumer lag for Prometheus at"
              + " http://127.0.0.1:PORT/metrics (loopback only; 0 takes a free port).")
  Optional<Integer> metricsPort;

  @Mixin CredentialOptions login;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    StreamSettings settings;
    StreamDetection.Builder builder;
    try {
      settings = ConfigLoader.stream(config);
      builder = StreamDetection.builder(settings);
      if (indicators.isPresent()) {
        CredentialOptions.Client client =
            login.collectionClient("--indicators", indicators.get(), NodeOptions.REQUEST_TIMEOUT);
        builder.publishIndicators(new TaxiiIndicatorSource(client), treeSize(client, err));
      }
      if (publish.isPresent()) {
        builder.postSightings(
            new TaxiiSightingSink(
                login.collectionClient("--publish", publish.get(), NodeOptions.REQUEST_TIMEOUT),
                err));
      }
    } catch (ConfigException e) {
      err.println("wuzhen stream: " + e.getMessage());
      return ExitCodes.UNREADABLE;
    } catch (NodeOptions.Failure e) {
      err.println("wuzhen stream: " + e.getMessage());
      return ExitCodes.UNREADABLE;
    }
    StreamDetection detection;
    try {
      detection = builder.start();
    } catch (IllegalArgumentException e) {
      err.println("wuzhen stream: config " + e.getMessage());
      return ExitCodes.UNREADABLE;
    } catch (IllegalStateException e) {
      err.println("wuzhen stream: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    Optional<LoopbackMetrics> metrics = Optional.empty();
    if (metricsPort.isPresent()) {
      try {
        metrics =
            Optional.of(
                LoopbackMetrics.serve(
                    metricsPort.get(),
                    StreamMetrics.registry(detection.counters(), detection::maxLag)));
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        detection.close();
        err.println("wuzhen stream: --metrics-port: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      err.println(
          "wuzhen stream: metrics on http://127.0.0.1:" + metrics.get().port() + "/metrics");
    }
    Optional<LoopbackMetrics> served = metrics;
    Thread hook =
        new Thread(
            () -> {
              detection.close();
              served.ifPresent(LoopbackMetrics::close);
            },
            "wuzhen-stream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println(
        "wuzhen stream: "
            + settings.applicationId()
            + " reading "
            + settings.telemetry().size()
            + " telemetry topic(s) from "
            + settings.bootstrapServers());
    err.flush();
    detection.awaitStop();
    Optional<String> failure = detection.failure();
    if (failure.isPresent()) {
      detection.close();
      served.ifPresent(LoopbackMetrics::close);
      err.println("wuzhen stream: " + failure.get());
      return ExitCodes.INVALID;
    }
    return ExitCodes.OK;
  }

  /**
   * The node's transparency log size, asked at each publication; the last size known when the node
   * cannot say (no log, or unreachable: the next poll asks again).
   */
  private static LongSupplier treeSize(CredentialOptions.Client client, PrintWriter err) {
    LogClient log = new LogClient(client.taxii());
    AtomicLong last = new AtomicLong();
    return () -> {
      try {
        log.findHead().map(TreeHead::treeSize).ifPresent(last::set);
      } catch (AuditFailure e) {
        err.println("wuzhen stream: the node's log head: " + e.getMessage());
        err.flush();
      }
      return last.get();
    };
  }
}
