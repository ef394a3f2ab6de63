package org.wuzhen.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;

/**
 * The global processor of the indicators topic: keeps the {@link IndicatorPlan}, which is the state
 * (the global store Kafka Streams requires is left empty: a copy of every indicator's bytes there
 * would double the plan's heap). Kafka Streams 3.8 and later run it on restore too (KAFKA-7663),
 * which is how a restarted instance rebuilds its plan. A tombstone (revocation, exclusion) removes
 * the indicator; a record that is not an indicator is logged and skipped. Each record's offset is
 * the plan's position (the topic has one partition, so offsets order every update).
 */
final class PlanUpdater implements Processor<String, byte[], Void, Void> {
  static final String TREE_SIZE_HEADER = "wuzhen-tree-size";

  /**
   * Header of an indicator record: {@code true} when the publisher had never put the id in the
   * topic (nor withdrawn it), {@code false} for a new version or a return; retro-hunting looks for
   * the first kind only. Without it the plan decides from what it holds.
   */
  static final String NEW_HEADER = "wuzhen-new";

  private static final Logger LOG = LoggerFactory.getLogger(PlanUpdater.class);

  private final IndicatorPlan plan;
  private ProcessorContext<Void, Void> context;

  PlanUpdater(IndicatorPlan plan) {
    this.plan = plan;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
    String id = record.key();
    if (id == null) {
      LOG.warn("indicators topic: a record without a key (the indicator id) was skipped");
      plan.skip(offset);
      return;
    }
    long treeSize = treeSize(record);
    if (record.value() == null) {
      plan.remove(id, treeSize, offset);
      return;
    }
    try {
      StixObject o = StixObject.parse(record.value());
      if (!o.type().equals("indicator") || !o.id().text().equals(id)) {
        LOG.warn("indicators topic: record {} is not the indicator its key names; skipped", id);
        plan.skip(offset);
        return;
      }
      plan.put(o, record.value(), treeSize, offset, isNew(record));
    } catch (StixFormatException e) {
      LOG.warn("indicators topic: record {} skipped: {}", id, e.getMessage());
      plan.skip(offset);
    }
  }

  private static IndicatorPlan.New isNew(Record<String, byte[]> record) {
    Header h = record.headers().lastHeader(NEW_HEADER);
    if (h == null || h.value() == null) {
      return IndicatorPlan.New.UNSAID;
    }
    return switch (new String(h.value(), StandardCharsets.US_ASCII)) {
      case "true" -> IndicatorPlan.New.YES;
      case "false" -> IndicatorPlan.New.NO;
      default -> IndicatorPlan.New.UNSAID;
    };
  }

  private static long treeSize(Record<String, byte[]> record) {
    Header h = record.headers().lastHeader(TREE_SIZE_HEADER);
    if (h == null) {
      return 0;
    }
    try {
      return Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
