package org.wuzhen.stream;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM, KRaft mode (one process as broker and controller), on loopback,
 * its log in a temporary directory removed by {@link #close}. One per test class: it starts in a
 * few seconds.
 */
final class KafkaBroker implements AutoCloseable {
  private final Path dir;
  private final KafkaRaftServer server;
  private final String bootstrap;

  private KafkaBroker(Path dir, KafkaRaftServer server, String bootstrap) {
    this.dir = dir;
    this.server = server;
    this.bootstrap = bootstrap;
  }

  static KafkaBroker start() {
    try {
      Path dir = Files.createTempDirectory("wuzhen-kafka-");
      int brokerPort = freePort();
      int controllerPort = freePort();
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", "1");
      p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      p.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("controller.listener.names", "CONTROLLER");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("log.dirs", dir.toString());
      p.put("offsets.topic.replication.factor", "1");
      p.put("offsets.topic.num.partitions", "1");
      p.put("transaction.state.log.replication.factor", "1");
      p.put("transaction.state.log.min.isr", "1");
      p.put("transaction.state.log.num.partitions", "1");
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("num.partitions", "1");
      p.put("auto.create.topics.enable", "false");
      p.put("log.cleaner.backoff.ms", "200");
      KafkaConfig config = KafkaConfig.fromProps(p, false);
      try (PrintStream quiet = new PrintStream(PrintStream.nullOutputStream())) {
        new Formatter()
            .setPrintStream(quiet)
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(dir.toString()))
            .setMetadataLogDirectory(dir.toString())
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setControllerListenerName("CONTROLLER")
            .run();
      }
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      KafkaBroker broker = new KafkaBroker(dir, server, "127.0.0.1:" + brokerPort);
      broker.awaitReady();
      return broker;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test broker", e);
    }
  }

  String bootstrapServers() {
    return bootstrap;
  }

  Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrap));
  }

  /** Creates a topic; {@code compacted} for the indicator plan's topic. */
  void createTopic(String name, int partitions, boolean compacted) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1);
    if (compacted) {
      topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    try (Admin admin = admin()) {
      admin.createTopics(List.of(topic)).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating topic " + name, e.getCause());
    }
  }

  private void awaitReady() throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
