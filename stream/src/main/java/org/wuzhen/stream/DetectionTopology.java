package org.wuzhen.stream;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.wuzhen.detect.StreamMatcher;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The detection topology (docs/scale-out.md):
 *
 * <ol>
 *   <li>plan: the indicators topic as a global store on every instance, the plan compiled from it;
 *   <li>stage A: each telemetry topic read and matched per partition, matches keyed by (indicator,
 *       bucket);
 *   <li>stage B: events that satisfy a bracket of a multi-observation pattern, repartitioned to one
 *       partition where those patterns are decided over the stream;
 *   <li>stage C: matches repartitioned by that key and tallied into sightings in a changelogged
 *       store; every change is a new version of the sighting, written to the sightings topic keyed
 *       by the sighting's id.
 * </ol>
 */
final class DetectionTopology {
  static final String PLAN_STORE = "wuzhen-plan";
  static final String TALLY_STORE = "wuzhen-sighting-tallies";

  private DetectionTopology() {}

  static Topology build(
      StreamSettings settings, IndicatorPlan plan, StreamCounters counters, Clock clock) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PLAN_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        settings.indicatorsTopic(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()),
        () -> new PlanUpdater(plan));
    boolean retroHunt = !settings.retroHuntLookback().isZero();
    String[] stores = new String[0];
    if (retroHunt) {
      // The hunts' progress, per telemetry partition, changelogged (docs/scale-out.md).
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(RetroHunt.STORE), Serdes.String(), JsonSerde.INSTANCE));
      stores = new String[] {RetroHunt.STORE};
    }
    KStream<String, JsonValue> matches = null;
    for (TelemetryTopic topic : settings.telemetry()) {
      KStream<String, JsonValue> m =
          builder.stream(topic.topic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
              .process(
                  () ->
                      new MatchingProcessor(
                          topic,
                          plan,
                          settings.sightings(),
                          counters,
                          retroHunt
                              ? Optional.of(
                                  new RetroHunt(
                                      topic,
                                      plan,
                                      settings.retroHuntLookback(),
                                      settings.retroHuntInterval(),
                                      settings.sightings(),
                                      counters,
                                      () -> retained(settings)))
                              : Optional.empty()),
                  stores);
      matches = matches == null ? m : matches.merge(m);
    }
    Map<String, KStream<String, JsonValue>> split =
        matches
            .split(Named.as("wuzhen-"))
            .branch(
                (key, value) -> key.equals(MatchingProcessor.MULTI_OBSERVATION),
                Branched.as("multi-observation"))
            .defaultBranch(Branched.as("matches"));
    // The windows' observations, changelogged: a restarted stage B takes them back.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(MultiObservationProcessor.STORE),
            Serdes.String(),
            JsonSerde.INSTANCE));
    KStream<String, JsonValue> completed =
        split
            .get("wuzhen-multi-observation")
            .repartition(
                Repartitioned.<String, JsonValue>with(Serdes.String(), JsonSerde.INSTANCE)
                    .withName("wuzhen-multi-observation")
                    .withNumberOfPartitions(1))
            .process(
                () ->
                    new MultiObservationProcessor(
                        plan, settings.sightings(), StreamMatcher.Limits.DEFAULT, counters),
                MultiObservationProcessor.STORE);
    SightingTally tally = new SightingTally(settings.sightings(), clock);
    split
        .get("wuzhen-matches")
        .merge(completed)
        .groupByKey(Grouped.with("wuzhen-matches", Serdes.String(), JsonSerde.INSTANCE))
        .aggregate(
            () -> null,
            tally::add,
            Materialized.<String, JsonValue>as(Stores.inMemoryKeyValueStore(TALLY_STORE))
                .withKeySerde(Serdes.String())
                .withValueSerde(JsonSerde.INSTANCE))
        .toStream()
        .<JsonValue>mapValues(tally::objects)
        .selectKey((key, objects) -> sightingId(objects))
        .to(settings.sightingsTopic(), Produced.with(Serdes.String(), JsonSerde.INSTANCE));
    return builder.build();
  }

  /** A consumer of its own for a task's retro-hunts: no group, read_committed. */
  private static RetainedTelemetry retained(StreamSettings settings) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.putAll(settings.kafka());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new RetainedTelemetry(
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
  }

  private static String sightingId(JsonValue objects) {
    return ((JsonObject) ((JsonArray) objects).get(0)).string("id").orElseThrow();
  }
}
