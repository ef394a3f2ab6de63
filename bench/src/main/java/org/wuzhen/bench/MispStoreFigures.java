package org.wuzhen.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wuzhen.misp.ImportReport;
import org.wuzhen.misp.MispImport;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.PreparedObject;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;

/**
 * The storing side of a MISP import alone, pass after pass in one JVM and one SQLite store: each
 * pass converts and prepares {@code copies} renumbered copies of the shared events ({@link
 * MispCopies}, new UUIDs every pass, so every object id is new to the store, as in a real import)
 * untimed, then times storing them in a fresh collection, whole events gathered into transactions
 * of about {@link MispImportBenchmark#BATCH} objects ({@code Store.addPreparedGroups}) on this
 * thread. It prints the wall time and this thread's CPU time of the storing, per pass; the store
 * grows by about 87,500 objects per pass of 10 copies. With {@code
 * -Dwuzhen.bench.oneCollection=true} every pass stores into the same collection, as an import into
 * a collection that already holds many objects does. Run: {@code java -cp
 * bench/target/benchmarks.jar org.wuzhen.bench.MispStoreFigures [copies] [passes] [data dir]}.
 */
public final class MispStoreFigures {
  private MispStoreFigures() {}

  public static void main(String[] args) throws IOException {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    Path data = Path.of(args.length > 2 ? args[2] : "misp/src/test/resources/misp-events");
    int batch = Integer.getInteger("wuzhen.bench.batch", MispImportBenchmark.BATCH);
    // One collection for every pass: an import into a collection that already holds the earlier
    // passes' objects, whose per-collection indexes grow as the store does.
    boolean oneCollection = Boolean.getBoolean("wuzhen.bench.oneCollection");
    Path dir = Files.createTempDirectory("wuzhen-misp-store-figures");
    MispImport importer =
        new MispImport(
            StixId.parse("identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b"),
            new StixValidator(
                StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck())));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf(
        Locale.ROOT,
        "%d copies per pass, %d objects per transaction, %s, %d cores, data %s%n",
        copies,
        batch,
        oneCollection ? "one collection for all passes" : "a new collection per pass",
        Runtime.getRuntime().availableProcessors(),
        dir);
    System.out.println(
        "pass | attributes | objects | store wall s | storing thread CPU s | µs CPU per object"
            + " | attributes per CPU s");
    try (Store store = Stores.open(new StoreConfig.Sqlite(dir.resolve("store")))) {
      CollectionId c = CollectionId.random();
      for (int pass = 1; pass <= passes; pass++) {
        Path events = dir.resolve("events-" + pass);
        for (Path p : MispCopies.write(data, (pass - 1) * copies, copies, events)) {
          if (p.getFileName().toString().contains("pypi")) {
            Files.delete(p);
          }
        }
        List<List<PreparedObject>> converted = new ArrayList<>();
        ImportReport r =
            importer.convert(
                events, e -> e.objects().stream().map(PreparedObject::of).toList(), converted::add);
        long objects = converted.stream().mapToLong(List::size).sum();
        if (pass == 1 || !oneCollection) {
          c = CollectionId.random();
          store.createCollection(
              new CollectionInfo(c, "misp", Optional.empty(), Optional.empty(), List.of()));
        }
        long thread0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        MispImportBenchmark.Groups groups = new MispImportBenchmark.Groups(store, c, batch);
        converted.forEach(groups::add);
        groups.flush();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - thread0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%d | %d | %d | %.2f | %.2f | %.1f | %.0f%n",
            pass,
            r.attributes(),
            objects,
            wall,
            cpu,
            cpu * 1e6 / objects,
            r.attributes() / cpu);
      }
    }
  }
}
