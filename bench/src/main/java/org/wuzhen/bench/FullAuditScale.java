package org.wuzhen.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.FullAudit;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.transparency.TreeHead;

/**
 * The full audit ({@code wuzhen audit verify --full}) at scale, outside JMH because filling takes
 * minutes: stores {@code VERSIONS} new indicators through {@code Store.add} in envelopes of 1,000
 * (real add leaves, salted, and real object rows), lets the log index and sign them, then times
 * full audits of the whole store. Usage: {@code java -cp bench/target/benchmarks.jar
 * org.wuzhen.bench.FullAuditScale VERSIONS DIR [RUNS]}; a DIR that already holds a store is filled
 * up to VERSIONS leaves only.
 */
public final class FullAuditScale {
  private FullAuditScale() {}

  public static void main(String[] args) throws Exception {
    long wanted = Long.parseLong(args[0]);
    Path dir = Path.of(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    try (Store store = Stores.open(new StoreConfig.Sqlite(dir))) {
      CollectionId c = CollectionId.random();
      store.createCollection(
          new CollectionInfo(c, "audit scale", Optional.empty(), Optional.empty(), List.of()));
      long t0 = System.nanoTime();
      while (store.logSize() < wanted) {
        store.add(c, envelope((int) Math.min(1000, wanted - store.logSize())));
      }
      long t1 = System.nanoTime();
      System.out.printf("filled %,d leaves in %.1f s%n", store.logSize(), s(t1 - t0));
      TreeHead head;
      try (TransparencyLog log =
          new TransparencyLog(store, Ed25519Keys.generate(), Clock.systemUTC())) {
        head = log.refresh();
      }
      System.out.printf(
          "indexed and signed tree_size %,d in %.1f s%n",
          head.treeSize(), s(System.nanoTime() - t1));
      for (int i = 0; i < runs; i++) {
        long a = System.nanoTime();
        FullAudit.Report report = FullAudit.run(store, List.of(head));
        double seconds = s(System.nanoTime() - a);
        System.out.printf(
            "full audit %d: %,d leaves and %,d versions in %.1f s (%.1f s per million leaves)%n",
            i + 1,
            report.treeSize(),
            report.versions(),
            seconds,
            seconds * 1e6 / report.treeSize());
      }
    }
    System.out.printf("database %,d MiB%n", Files.size(dir.resolve("wuzhen.db")) >> 20);
  }

  /** New indicators of about 400 bytes each, like a feed's. */
  private static List<StixObject> envelope(int n) {
    List<StixObject> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      out.add(
          StixObject.parse(
              "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--"
                  + id
                  + "\",\"created\":\"2024-01-01T00:00:00.000Z\","
                  + "\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"scale "
                  + id
                  + "\",\"pattern\":\"[ipv4-addr:value = '198.51.100."
                  + (i % 250)
                  + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\","
                  + "\"confidence\":80,\"labels\":[\"malicious-activity\"]}"));
    }
    return out;
  }

  private static double s(long nanos) {
    return nanos / 1e9;
  }
}
