package org.wuzhen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wuzhen.misp.ImportReport;
import org.wuzhen.misp.MispImport;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Creator;
import org.wuzhen.store.GroupOutcome;
import org.wuzhen.store.PreparedObject;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;

/**
 * MISP import on the embedded store: {@link #copies} copies of the 45 readable shared MISP events
 * (ESET's exports; {@link MispCopies}, every copy with its own UUIDs) read from a directory,
 * converted (with the node's validation of every object), and stored in a fresh collection of a
 * SQLite store, whole events gathered into one transaction of about {@link #BATCH} objects ({@link
 * Groups}), the way {@code MispImport.convert(Path, sink)} feeds a caller. The {@code attributes}
 * counter gives MISP attributes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class MispImportBenchmark {
  static final int BATCH = 20_000;

  /** Copies of the shared events per operation. */
  @Param("3")
  public int copies;

  /**
   * {@code prepared}: each object serialised, hashed and indexed on the converting threads ({@link
   * PreparedObject}), the storing thread only inserts; {@code objects}: the storing thread does it
   * all ({@code Store.add}), as before.
   */
  @Param("prepared")
  public String sink;

  Path events;
  Store store;
  Path dir;
  MispImport importer;

  /** Attributes imported, as a rate beside ops/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    public long attributes;
  }

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path data =
        Path.of(System.getProperty("wuzhen.bench.misp", "misp/src/test/resources/misp-events"));
    dir = Files.createTempDirectory("wuzhen-misp-bench");
    events = dir.resolve("events");
    // The one export published malformed is refused whole; leave it out of the timed work.
    for (Path p : MispCopies.write(data, 0, copies, events)) {
      if (p.getFileName().toString().contains("pypi")) {
        Files.delete(p);
      }
    }
    store = Stores.open(new StoreConfig.Sqlite(dir));
    importer =
        new MispImport(
            StixId.parse("identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b"),
            new StixValidator(
                StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck())));
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  /**
   * Converted events gathered as groups into transactions of about {@link #BATCH} objects ({@code
   * Store.addPreparedGroups}: each event stored whole or not at all, one commit for all). Confined
   * to the storing thread.
   */
  static final class Groups {
    private final Store store;
    private final CollectionId collection;
    private final int batch;
    private final List<List<PreparedObject>> pending = new ArrayList<>();
    private int objects;

    Groups(Store store, CollectionId collection) {
      this(store, collection, BATCH);
    }

    Groups(Store store, CollectionId collection, int batch) {
      this.store = store;
      this.collection = collection;
      this.batch = batch;
    }

    void add(List<PreparedObject> event) {
      if (objects > 0 && objects + event.size() > batch) {
        flush();
      }
      pending.add(event);
      objects += event.size();
    }

    void flush() {
      if (!pending.isEmpty()) {
        for (GroupOutcome o : store.addPreparedGroups(collection, Creator.NODE, pending)) {
          if (o instanceof GroupOutcome.Failed f) {
            throw new IllegalStateException("an event was refused by the store: " + f.reason());
          }
        }
      }
      pending.clear();
      objects = 0;
    }
  }

  @Benchmark
  public long importAll(Counts counts) throws IOException {
    CollectionId c = CollectionId.random();
    store.createCollection(
        new CollectionInfo(
            c, "misp", java.util.Optional.empty(), java.util.Optional.empty(), List.of()));
    ImportReport r;
    if (sink.equals("prepared")) {
      Groups groups = new Groups(store, c);
      r =
          importer.convert(
              events, e -> e.objects().stream().map(PreparedObject::of).toList(), groups::add);
      groups.flush();
    } else {
      List<StixObject> batch = new ArrayList<>();
      r =
          importer.convert(
              events,
              e -> {
                batch.addAll(e.objects());
                if (batch.size() >= BATCH) {
                  store.add(c, batch);
                  batch.clear();
                }
              });
      store.add(c, batch);
    }
    long attributes = r.attributes();
    counts.attributes += attributes;
    return attributes;
  }
}
