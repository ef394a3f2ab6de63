package org.wuzhen.stream;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.detect.UnreadableInputException;

/**
 * A running instance of detection on Kafka Streams (docs/scale-out.md): the Streams application
 * (plan, matching, sighting tallies, exactly-once), and, when given, the publisher that fills the
 * indicators topic from the node and the sink that posts sightings to the node. Start as many
 * instances as the telemetry topics have partitions; one instance (or a separate one) publishes and
 * posts.
 */
public final class StreamDetection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamDetection.class);

  private final StreamSettings settings;
  private final IndicatorPlan plan;
  private final StreamCounters counters;
  private final KafkaStreams streams;
  private final List<Thread> threads = new java.util.ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<String> failure = new AtomicReference<>();
  private volatile boolean running = true;

  private StreamDetection(StreamSettings settings, Clock clock) {
    this.settings = settings;
    this.plan = new IndicatorPlan();
    this.counters = new StreamCounters();
    this.streams =
        new KafkaStreams(
            DetectionTopology.build(settings, plan, counters, clock), streamsProperties(settings));
    streams.setUncaughtExceptionHandler(
        e -> {
          fail("a stream thread stopped: " + e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
  }

  /** Prepares an instance of the application; {@link Builder#start} starts it. */
  public static Builder builder(StreamSettings settings) {
    return new Builder(settings);
  }

  /** How an instance is started: the app, and optionally the publisher and the sink. */
  public static final class Builder {
    private final StreamSettings settings;
    private Optional<IndicatorSource> source = Optional.empty();
    private LongSupplier treeSize = () -> 0;
    private Optional<SightingSink> sink = Optional.empty();
    private Clock clock = Clock.systemUTC();

    private Builder(StreamSettings settings) {
      this.settings = requireNonNull(settings, "settings");
    }

    /** Fills the indicators topic from {@code source}; {@code treeSize}: the node's log size. */
    public Builder publishIndicators(IndicatorSource source, LongSupplier treeSize) {
      this.source = Optional.of(source);
      this.treeSize = requireNonNull(treeSize, "treeSize");
      return this;
    }

    /** Posts the sightings topic to the node through {@code sink}. */
    public Builder postSightings(SightingSink sink) {
      this.sink = Optional.of(sink);
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Starts the application, then the publisher and the sink once the plan is restored.
     *
     * @throws IllegalArgumentException when Kafka refuses a property of {@code stream.kafka}
     * @throws IllegalStateException when the app cannot start (brokers unreachable, topics missing)
     */
    public StreamDetection start() {
      StreamDetection d;
      try {
        d = new StreamDetection(settings, clock);
      } catch (KafkaException e) {
        if (rootCause(e) instanceof ConfigException c) {
          throw new IllegalArgumentException("stream.kafka: " + c.getMessage(), e);
        }
        throw new IllegalStateException("cannot set up the app: " + rootCause(e).getMessage(), e);
      }
      try {
        // Returns once the plan is restored from the indicators topic.
        d.streams.start();
      } catch (KafkaException e) {
        d.close();
        throw new IllegalStateException(
            "cannot start with the brokers at "
                + settings.bootstrapServers()
                + ": "
                + rootCause(e).getMessage(),
            e);
      }
      source.ifPresent(s -> d.thread("wuzhen-indicator-publisher", () -> d.publish(s, treeSize)));
      sink.ifPresent(s -> d.thread("wuzhen-sighting-sink", () -> d.post(s)));
      return d;
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** What the instance has done so far. */
  public StreamCounters counters() {
    return counters;
  }

  /** Why the instance stopped on its own, if it did. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Waits until the plan is restored and the app processes telemetry. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (streams.state() == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (!running || streams.state().hasCompletedShutdown()) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Blocks until the instance stops on its own (a failure) or {@link #close} is called. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Whether the plan this instance matches with holds {@code indicatorId} now. */
  public boolean planHolds(String indicatorId) {
    return plan.holds(indicatorId);
  }

  /** How many indicators the plan holds now. */
  public int planSize() {
    return plan.size();
  }

  /** How many new base plans the background compaction has installed. */
  public long planCompactions() {
    return plan.compactions();
  }

  /** The log tree size of the newest indicator update the plan holds. */
  public long planTreeSize() {
    return plan.current().treeSize();
  }

  /**
   * The largest consumer lag of this instance's stream threads, in records (Kafka's {@code
   * records-lag-max}); 0 before the first fetch.
   */
  public double maxLag() {
    double max = 0;
    for (var e : streams.metrics().entrySet()) {
      if (e.getKey().name().equals("records-lag-max")
          && e.getValue().metricValue() instanceof Double d
          && !d.isNaN()) {
        max = Math.max(max, d);
      }
    }
    return max;
  }

  /** Kafka's own metrics of this instance (consumer lag, process rates), by name. */
  public Map<String, Object> kafkaMetrics() {
    Map<String, Object> out = new HashMap<>();
    streams
        .metrics()
        .forEach((name, m) -> out.put(name.group() + ":" + name.name(), m.metricValue()));
    return out;
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void publish(IndicatorSource source, LongSupplier treeSize) {
    Properties p = clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      IndicatorPublisher publisher =
          new IndicatorPublisher(source, treeSize, producer, settings.indicatorsTopic(), counters);
      while (running && !awaitRunning(Duration.ofSeconds(1))) {
        // the restored plan tells which indicators the topic already holds
      }
      boolean started = false;
      while (running) {
        try {
          if (!started) {
            publisher.start(plan.ids(), plan.withdrawnIds());
            started = true;
          } else {
            publisher.poll();
          }
        } catch (UnreadableInputException e) {
          LOG.warn("indicators: {} (asked again in {})", e.getMessage(), settings.indicatorPoll());
        }
        sleep(settings.indicatorPoll());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fail("indicator publisher: " + e.getMessage());
    }
  }

  private void post(SightingSink sink) {
    Properties p = clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.applicationId() + "-sink");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, org.wuzhen.stix.JsonValue> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), JsonSerde.INSTANCE.deserializer())) {
      consumer.subscribe(List.of(settings.sightingsTopic()));
      SightingPoster poster = new SightingPoster(consumer, sink, counters);
      while (running) {
        try {
          poster.pollOnce(Duration.ofMillis(200), () -> running);
        } catch (CommitFailedException e) {
          // The group moved on while a delivery was retried: the records come again, as duplicates.
          LOG.warn("sightings sink: {}", e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fail("sightings sink: " + e.getMessage());
    }
  }

  private void sleep(Duration d) throws InterruptedException {
    long until = System.nanoTime() + d.toNanos();
    while (running && System.nanoTime() < until) {
      Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  private void fail(String why) {
    if (failure.compareAndSet(null, why)) {
      LOG.error("wuzhen stream: {}", why);
    }
    stopped.countDown();
  }

  private Properties clientProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", settings.bootstrapServers());
    p.putAll(settings.kafka());
    return p;
  }

  static Properties streamsProperties(StreamSettings settings) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    settings.stateDirectory().ifPresent(d -> p.put(StreamsConfig.STATE_DIR_CONFIG, d.toString()));
    // The indicators topic is small and its updates should reach the plan at once: the global
    // consumer's fetches wait at most 50 ms on the broker (Kafka's default: 500 ms).
    p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "50");
    p.putAll(settings.kafka());
    return p;
  }

  /** Stops the sink and the publisher, then the app (its state is committed first). */
  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Leaving the group hands this instance's partitions to the others at once.
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    stopped.countDown();
  }
}
