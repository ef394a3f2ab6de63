package org.wuzhen.stream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.detect.FieldMapping;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.TelemetryFormat;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixId;

/**
 * The {@code stream} section of a node's configuration (docs/scale-out.md): the Kafka cluster, the
 * topics, how matches become sightings, and extra Kafka client properties.
 *
 * @param kafka extra Kafka client properties (security, timeouts), passed as they are
 * @param stateDirectory where Kafka Streams keeps its local state; empty for its default
 * @param indicatorPoll how often the node is asked for new and withdrawn indicators
 * @param retroHuntLookback how far back an indicator new to the plan is looked for in the telemetry
 *     Kafka still retains (by record timestamp); zero: no retro-hunt
 * @param retroHuntInterval how often each partition's retro-hunt reads its next chunk of retained
 *     records: the pace at which hunts add reads to the brokers
 */
public record StreamSettings(
    String bootstrapServers,
    String applicationId,
    String indicatorsTopic,
    String sightingsTopic,
    List<TelemetryTopic> telemetry,
    SightingOptions sightings,
    int threads,
    Optional<Path> stateDirectory,
    Duration indicatorPoll,
    Duration retroHuntLookback,
    Duration retroHuntInterval,
    Map<String, String> kafka) {
  /** The section of the node's configuration this class reads. */
  public static final String SECTION = "stream";

  public static final String DEFAULT_APPLICATION_ID = "wuzhen-detect";
  public static final String DEFAULT_INDICATORS_TOPIC = "wuzhen.indicators";
  public static final String DEFAULT_SIGHTINGS_TOPIC = "wuzhen.sightings";

  /** The longest retro-hunt look-back accepted (a larger one is more likely a unit mistake). */
  public static final Duration MAX_LOOKBACK = Duration.ofDays(90);

  /** How often a partition's retro-hunt reads its next chunk, unless configured. */
  public static final Duration DEFAULT_RETRO_HUNT_INTERVAL = Duration.ofMillis(200);

  /** The shortest and longest pace accepted for a retro-hunt's chunks. */
  public static final Duration MIN_RETRO_HUNT_INTERVAL = Duration.ofMillis(10);

  public static final Duration MAX_RETRO_HUNT_INTERVAL = Duration.ofMinutes(1);

  public StreamSettings {
    requireNonNull(bootstrapServers, "bootstrapServers");
    requireNonNull(applicationId, "applicationId");
    requireNonNull(indicatorsTopic, "indicatorsTopic");
    requireNonNull(sightingsTopic, "sightingsTopic");
    telemetry = List.copyOf(telemetry);
    requireNonNull(sightings, "sightings");
    requireNonNull(stateDirectory, "stateDirectory");
    requireNonNull(indicatorPoll, "indicatorPoll");
    requireNonNull(retroHuntLookback, "retroHuntLookback");
    if (retroHuntLookback.isNegative() || retroHuntLookback.compareTo(MAX_LOOKBACK) > 0) {
      throw new IllegalArgumentException(
          "retroHuntLookback: must be between 0 and 90 days, found " + retroHuntLookback);
    }
    requireNonNull(retroHuntInterval, "retroHuntInterval");
    if (retroHuntInterval.compareTo(MIN_RETRO_HUNT_INTERVAL) < 0
        || retroHuntInterval.compareTo(MAX_RETRO_HUNT_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "retroHuntInterval: must be between 10 ms and 1 minute, found " + retroHuntInterval);
    }
    kafka = Map.copyOf(kafka);
    if (telemetry.isEmpty()) {
      throw new IllegalArgumentException("telemetry: at least one topic is needed");
    }
  }

  /** Settings with the defaults, for the given cluster, topics and sighter. */
  public static StreamSettings of(
      String bootstrapServers, List<TelemetryTopic> telemetry, SightingOptions sightings) {
    return new StreamSettings(
        bootstrapServers,
        DEFAULT_APPLICATION_ID,
        DEFAULT_INDICATORS_TOPIC,
        DEFAULT_SIGHTINGS_TOPIC,
        telemetry,
        sightings,
        1,
        Optional.empty(),
        Duration.ofSeconds(5),
        Duration.ZERO,
        DEFAULT_RETRO_HUNT_INTERVAL,
        Map.of());
  }

  public StreamSettings withApplicationId(String id) {
    return new StreamSettings(
        bootstrapServers,
        id,
        indicatorsTopic,
        sightingsTopic,
        telemetry,
        sightings,
        threads,
        stateDirectory,
        indicatorPoll,
        retroHuntLookback,
        retroHuntInterval,
        kafka);
  }

  public StreamSettings withStateDirectory(Path dir) {
    return new StreamSettings(
        bootstrapServers,
        applicationId,
        indicatorsTopic,
        sightingsTopic,
        telemetry,
        sightings,
        threads,
        Optional.of(dir),
        indicatorPoll,
        retroHuntLookback,
        retroHuntInterval,
        kafka);
  }

  public StreamSettings withIndicatorPoll(Duration poll) {
    return new StreamSettings(
        bootstrapServers,
        applicationId,
        indicatorsTopic,
        sightingsTopic,
        telemetry,
        sightings,
        threads,
        stateDirectory,
        poll,
        retroHuntLookback,
        retroHuntInterval,
        kafka);
  }

  public StreamSettings withKafka(Map<String, String> properties) {
    return new StreamSettings(
        bootstrapServers,
        applicationId,
        indicatorsTopic,
        sightingsTopic,
        telemetry,
        sightings,
        threads,
        stateDirectory,
        indicatorPoll,
        retroHuntLookback,
        retroHuntInterval,
        properties);
  }

  /** These settings with retro-hunting over {@code lookback} (zero: off). */
  public StreamSettings withRetroHunt(Duration lookback) {
    return new StreamSettings(
        bootstrapServers,
        applicationId,
        indicatorsTopic,
        sightingsTopic,
        telemetry,
        sightings,
        threads,
        stateDirectory,
        indicatorPoll,
        lookback,
        retroHuntInterval,
        kafka);
  }

  /** These settings with each partition's retro-hunt reading its next chunk every {@code every}. */
  public StreamSettings withRetroHuntInterval(Duration every) {
    return new StreamSettings(
        bootstrapServers,
        applicationId,
        indicatorsTopic,
        sightingsTopic,
        telemetry,
        sightings,
        threads,
        stateDirectory,
        indicatorPoll,
        retroHuntLookback,
        every,
        kafka);
  }

  /**
   * Reads the {@code stream} section from the root mapping of a node's configuration; a relative
   * {@code mapping} file is resolved against {@code base}.
   *
   * @throws IllegalArgumentException naming the first bad setting ({@code
   *     stream.telemetry[0].format: ...})
   */
  public static StreamSettings from(JsonObject root, Path base) {
    JsonFields s =
        JsonFields.of(
            root.get(SECTION)
                .orElseThrow(() -> new IllegalArgumentException(SECTION + ": missing")),
            SECTION);
    List<TelemetryTopic> topics = new ArrayList<>();
    List<JsonFields> list = s.objects("telemetry");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      TelemetryTopic t = topic(list.get(i), base);
      if (!names.add(t.topic())) {
        throw list.get(i).invalid("topic", "'" + t.topic() + "' is listed twice");
      }
      topics.add(t);
    }
    if (topics.isEmpty()) {
      throw s.invalid("telemetry", "at least one topic is needed");
    }
    StixId sighter;
    try {
      sighter = StixId.parse(s.string("identity"));
    } catch (IllegalArgumentException e) {
      throw s.invalid("identity", "not a STIX id: " + e.getMessage());
    }
    if (!sighter.type().equals("identity")) {
      throw s.invalid("identity", "expected an identity id, found " + sighter);
    }
    long bucket = s.optionalInteger("bucket_seconds").orElse(3600L);
    if (bucket < 1) {
      throw s.invalid("bucket_seconds", "must be at least 1, found " + bucket);
    }
    int sample = s.optionalIntValue("sample").orElse(SightingOptions.DEFAULT_SAMPLE_SIZE);
    if (sample < 0 || sample > 1000) {
      throw s.invalid("sample", "must be between 0 and 1000, found " + sample);
    }
    SightingOptions sightings =
        new SightingOptions(
            sighter,
            Duration.ofSeconds(bucket),
            sample,
            s.optionalBool("observed_data").orElse(true));
    int threads = s.optionalIntValue("threads").orElse(1);
    if (threads < 1 || threads > 64) {
      throw s.invalid("threads", "must be between 1 and 64, found " + threads);
    }
    long poll = s.optionalInteger("indicator_poll_seconds").orElse(5L);
    if (poll < 1) {
      throw s.invalid("indicator_poll_seconds", "must be at least 1, found " + poll);
    }
    Duration lookback = Duration.ZERO;
    Duration interval = DEFAULT_RETRO_HUNT_INTERVAL;
    Optional<JsonFields> retro = s.optionalObject("retro_hunt");
    if (retro.isPresent()) {
      long seconds = retro.get().optionalInteger("lookback_seconds").orElse(0L);
      if (seconds < 0 || seconds > MAX_LOOKBACK.toSeconds()) {
        throw retro
            .get()
            .invalid(
                "lookback_seconds",
                "must be between 0 (off) and "
                    + MAX_LOOKBACK.toSeconds()
                    + " (90 days), found "
                    + seconds);
      }
      lookback = Duration.ofSeconds(seconds);
      long ms =
          retro.get().optionalInteger("interval_ms").orElse(DEFAULT_RETRO_HUNT_INTERVAL.toMillis());
      if (ms < MIN_RETRO_HUNT_INTERVAL.toMillis() || ms > MAX_RETRO_HUNT_INTERVAL.toMillis()) {
        throw retro
            .get()
            .invalid("interval_ms", "must be between 10 and 60000 (1 minute), found " + ms);
      }
      interval = Duration.ofMillis(ms);
    }
    Map<String, String> kafka = new LinkedHashMap<>();
    Optional<JsonFields> extra = s.optionalObject("kafka");
    if (extra.isPresent()) {
      JsonObject o = extra.get().json();
      for (String name : o.names()) {
        JsonValue v = o.get(name).orElseThrow();
        if (!(v instanceof JsonString text)) {
          throw extra.get().invalid(name, "expected a string, found " + v.kind());
        }
        kafka.put(name, text.value());
      }
    }
    return new StreamSettings(
        s.string("bootstrap_servers"),
        s.optionalString("application_id").orElse(DEFAULT_APPLICATION_ID),
        s.optionalString("indicators_topic").orElse(DEFAULT_INDICATORS_TOPIC),
        s.optionalString("sightings_topic").orElse(DEFAULT_SIGHTINGS_TOPIC),
        topics,
        sightings,
        threads,
        s.optionalString("state_dir").map(Path::of),
        Duration.ofSeconds(poll),
        lookback,
        interval,
        kafka);
  }

  private static TelemetryTopic topic(JsonFields t, Path base) {
    String name = t.string("topic");
    if (name.isBlank()) {
      throw t.invalid("topic", "empty");
    }
    String format = t.string("format");
    Optional<String> mapping = t.optionalString("mapping");
    if (mapping.isPresent() && !format.equals("jsonl")) {
      throw t.invalid("mapping", "only a jsonl topic has a mapping");
    }
    return switch (format) {
      case "zeek" ->
          new TelemetryTopic(
              name,
              new TelemetryFormat.Zeek(),
              t.optionalString("log").orElse(TelemetryTopic.lastPart(name)));
      case "eve" -> new TelemetryTopic(name, new TelemetryFormat.Eve(), "");
      case "jsonl" -> {
        Path file = base.resolve(mapping.orElseThrow(() -> t.invalid("mapping", "missing")));
        try {
          yield new TelemetryTopic(
              name, new TelemetryFormat.JsonLines(FieldMapping.parse(Files.readString(file))), "");
        } catch (NoSuchFileException e) {
          throw t.invalid("mapping", "no such file: " + file);
        } catch (IOException e) {
          throw t.invalid("mapping", "cannot read " + file + ": " + e.getMessage());
        } catch (FieldMapping.MappingException e) {
          throw t.invalid("mapping", file + ": " + e.getMessage());
        }
      }
      default -> throw t.invalid("format", "expected zeek, eve or jsonl, found '" + format + "'");
    };
  }
}
