package org.wuzhen.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.transparency.TreeHead;

/**
 * The transparency log at scale, outside JMH because filling it takes minutes: fills an embedded
 * store's log with synthetic leaves (straight SQL, not the write path), indexes them, then times
 * inclusion and consistency proofs at the full size. Usage: {@code java -cp
 * bench/target/benchmarks.jar org.wuzhen.bench.TransparencyLogScale LEAVES DIR}.
 */
public final class TransparencyLogScale {
  private TransparencyLogScale() {}

  public static void main(String[] args) throws Exception {
    long leaves = Long.parseLong(args[0]);
    Path dir = Path.of(args[1]);
    try (Store store = Stores.open(new StoreConfig.Sqlite(dir))) {
      long have = store.logSize();
      long t0 = System.nanoTime();
      fill(dir.resolve("wuzhen.db"), have, leaves);
      long t1 = System.nanoTime();
      System.out.printf(
          "filled %,d leaves (%,d new) in %.1f s%n", leaves, leaves - have, s(t1 - t0));
      try (TransparencyLog log =
          new TransparencyLog(store, Ed25519Keys.generate(), Clock.systemUTC())) {
        TreeHead head = log.refresh();
        long t2 = System.nanoTime();
        System.out.printf(
            "indexed and signed tree_size %,d in %.1f s (%,.0f leaves/s)%n",
            head.treeSize(), s(t2 - t1), (leaves - have) / s(t2 - t1));
        Random random = new Random(1);
        int n = 2000;
        long[] inclusion = new long[n];
        long[] consistency = new long[n];
        for (int i = 0; i < n; i++) {
          long index = Math.floorMod(random.nextLong(), head.treeSize());
          long a = System.nanoTime();
          log.inclusionProof(index, head.treeSize());
          inclusion[i] = System.nanoTime() - a;
          long first = 1 + Math.floorMod(random.nextLong(), head.treeSize() - 1);
          long b = System.nanoTime();
          log.consistencyProof(first, head.treeSize());
          consistency[i] = System.nanoTime() - b;
        }
        report("inclusion proof", inclusion);
        report("consistency proof", consistency);
      }
    }
    System.out.printf("database %,d MiB%n", Files.size(dir.resolve("wuzhen.db")) >> 20);
  }

  private static void fill(Path db, long from, long to) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO log_leaves (leaf_index, date_added, record) VALUES (?, NULL, ?)")) {
        for (long i = from; i < to; i++) {
          String record =
              "{\"collection\":\"00000000-0000-4000-8000-000000000000\",\"id\":\"bench--"
                  + i
                  + "\",\"op\":\"bench\"}";
          insert.setLong(1, i);
          insert.setString(2, record);
          insert.addBatch();
          if ((i + 1) % 50_000 == 0) {
            insert.executeBatch();
            c.commit();
          }
        }
        insert.executeBatch();
        c.commit();
      }
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT COUNT(*) FROM log_leaves")) {
        r.next();
      }
    }
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d proofs)%n",
        what,
        sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length * 99 / 100] / 1e6,
        sorted[sorted.length - 1] / 1e6,
        sorted.length);
  }

  private static double s(long nanos) {
    return nanos / 1e9;
  }
}
