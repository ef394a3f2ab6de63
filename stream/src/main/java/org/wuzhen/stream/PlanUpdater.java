package org.wuzhen.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;

/**
 * The global processor of the indicators topic: keeps the {@link IndicatorPlan}, which is the state
 * (the global store Kafka Streams requires is left empty: a copy of every indicator's bytes there
 * would double the plan's heap). Kafka Streams 3.8 and later run it on restore too (KAFKA-7663),
 * which is how a restarted instance rebuilds its plan. A tombstone (revocation, exclusion) removes
 * the indicator; a record that is not an indicator is logged and skipped.
 */
final class PlanUpdater implements Processor<String, byte[], Void, Void> {
  static final String TREE_SIZE_HEADER = "wuzhen-tree-size";
  private static final Logger LOG = LoggerFactory.getLogger(PlanUpdater.class);

  private final IndicatorPlan plan;

  PlanUpdater(IndicatorPlan plan) {
    this.plan = plan;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String id = record.key();
    if (id == null) {
      LOG.warn("indicators topic: a record without a key (the indicator id) was skipped");
      return;
    }
    long treeSize = treeSize(record);
    if (record.value() == null) {
      plan.remove(id, treeSize);
      return;
    }
    try {
      StixObject o = StixObject.parse(record.value());
      if (!o.type().equals("indicator") || !o.id().text().equals(id)) {
        LOG.warn("indicators topic: record {} is not the indicator its key names; skipped", id);
        return;
      }
      plan.put(o, treeSize);
    } catch (StixFormatException e) {
      LOG.warn("indicators topic: record {} skipped: {}", id, e.getMessage());
    }
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
