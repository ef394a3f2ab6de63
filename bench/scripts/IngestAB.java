// Ingest through Store.add on a fresh embedded store: 60 timed envelopes of 1,000 indicators after
// 5 warm-up envelopes. A single-file program, run against a node jar so two builds can be
// compared: java -cp node/target/wuzhen.jar bench/scripts/IngestAB.java 65 LABEL
import java.nio.file.*;
import java.util.*;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.*;

public class IngestAB {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("wzab");
    int envelopes = Integer.parseInt(args[0]);
    List<List<StixObject>> batches = new ArrayList<>();
    for (int b = 0; b < envelopes; b++) {
      List<StixObject> objs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        objs.add(StixObject.parse("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + UUID.randomUUID()
          + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"bench " + i
          + "\",\"pattern\":\"[ipv4-addr:value = '10.0." + (i % 250) + "." + (b % 250) + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\"}"));
      }
      batches.add(objs);
    }
    try (Store store = Stores.open(new StoreConfig.Sqlite(dir))) {
      CollectionId c = CollectionId.random();
      store.createCollection(new CollectionInfo(c, "ab", Optional.empty(), Optional.empty(), List.of()));
      for (int w = 0; w < 5; w++) store.add(c, batches.get(w));
      long t = System.nanoTime();
      for (int b = 5; b < envelopes; b++) store.add(c, batches.get(b));
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("%s %.0f objects/s%n", args[1], (envelopes - 5) * 1000 / s);
    }
    try (var w = Files.walk(dir)) { w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
  }
}
