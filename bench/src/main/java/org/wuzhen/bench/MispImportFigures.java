package org.wuzhen.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
 * Wall and CPU time of a MISP import on the embedded store, pass after pass in one JVM (the JIT
 * warms over the first passes): {@code copies} renumbered copies of the shared events ({@link
 * MispCopies}, the malformed one left out) read from a directory, converted and checked on the
 * converting threads, prepared ({@link PreparedObject}), and stored in a fresh collection of a
 * SQLite store by the calling thread, whole events gathered into one transaction of about {@link
 * MispImportBenchmark#BATCH} objects ({@code Store.addPreparedGroups}: each event stored whole or
 * not at all). {@code mode} {@code convert} stops before the store (the converting side's bound).
 * CPU columns: the whole process (GC and JIT included), the storing (calling) thread, and the
 * converting threads (reading, converting, checking and preparing). Run: {@code java -cp
 * bench/target/benchmarks.jar org.wuzhen.bench.MispImportFigures [copies] [passes] [import|convert]
 * [data dir]}.
 */
public final class MispImportFigures {
  private MispImportFigures() {}

  public static void main(String[] args) throws IOException {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    String mode = args.length > 2 ? args[2] : "import";
    Path data = Path.of(args.length > 3 ? args[3] : "misp/src/test/resources/misp-events");
    // Objects per transaction (whole events gathered up to about this many).
    int batch = Integer.getInteger("wuzhen.bench.batch", MispImportBenchmark.BATCH);
    Path dir = Files.createTempDirectory("wuzhen-misp-figures");
    Path events = dir.resolve("events");
    for (Path p : MispCopies.write(data, 0, copies, events)) {
      if (p.getFileName().toString().contains("pypi")) {
        Files.delete(p);
      }
    }
    MispImport importer =
        new MispImport(
            StixId.parse("identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b"),
            new StixValidator(
                StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck())));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(
        Locale.ROOT,
        "mode %s, %d copies, %d objects per transaction, %d cores, data %s%n",
        mode,
        copies,
        batch,
        Runtime.getRuntime().availableProcessors(),
        dir);
    System.out.println(
        "pass | events | attributes | objects | wall s | attributes/s | process CPU s | storing"
            + " thread CPU s | converting threads CPU s");
    try (Store store = Stores.open(new StoreConfig.Sqlite(dir.resolve("store")))) {
      for (int pass = 1; pass <= passes; pass++) {
        CollectionId c = CollectionId.random();
        store.createCollection(
            new CollectionInfo(c, "misp", Optional.empty(), Optional.empty(), List.of()));
        long[] objects = {0};
        // Each converting thread's CPU time after its latest prepared event: the pool's threads
        // live for one pass, and preparing is the last thing each does per file.
        Map<Long, Long> converting = new ConcurrentHashMap<>();
        Function<MispImport.ConvertedEvent, List<PreparedObject>> prepare =
            e -> {
              List<PreparedObject> prepared = e.objects().stream().map(PreparedObject::of).toList();
              converting.put(Thread.currentThread().threadId(), threads.getCurrentThreadCpuTime());
              return prepared;
            };
        long cpu0 = os.getProcessCpuTime();
        long thread0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        ImportReport r;
        if (mode.equals("convert")) {
          r = importer.convert(events, prepare, prepared -> objects[0] += prepared.size());
        } else {
          MispImportBenchmark.Groups groups = new MispImportBenchmark.Groups(store, c, batch);
          r =
              importer.convert(
                  events,
                  prepare,
                  prepared -> {
                    objects[0] += prepared.size();
                    groups.add(prepared);
                  });
          groups.flush();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%d | %d | %d | %d | %.2f | %.0f | %.2f | %.2f | %.2f%n",
            pass,
            r.events(),
            r.attributes(),
            objects[0],
            wall,
            r.attributes() / wall,
            (os.getProcessCpuTime() - cpu0) / 1e9,
            (threads.getCurrentThreadCpuTime() - thread0) / 1e9,
            converting.values().stream().mapToLong(Long::longValue).sum() / 1e9);
      }
    }
  }
}
