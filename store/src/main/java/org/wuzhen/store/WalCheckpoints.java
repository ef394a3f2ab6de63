package org.wuzhen.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checkpoints of the embedded store's write-ahead log on a thread of their own (SQLite only).
 * SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the writing
 * thread: copying the WAL's pages into the database file and syncing it was about half of what a
 * bulk import's commits cost (docs/benchmarks.md, "MISP import, fifth round"). Here a commit only
 * wakes this thread, which checkpoints in PASSIVE mode (it never blocks a writer or a reader) at
 * most once per {@link #INTERVAL_MILLIS}. What is durable does not change: every commit has synced
 * the WAL before it returns, and a checkpoint only moves committed pages into the database file.
 *
 * <p>The WAL starts again from its beginning only when a write begins after a complete checkpoint,
 * and a checkpoint running beside back-to-back writes may never be complete at that moment. So a
 * writer that finds the WAL longer than {@link #MAX_FRAMES} frames checkpoints it itself before it
 * begins ({@link #beforeWrite}, under the store's write lock, when no other writer can add frames):
 * the WAL stays within about {@link #MAX_FRAMES} frames plus one transaction.
 *
 * <p>Thread-safe.
 */
final class WalCheckpoints implements AutoCloseable {
  /** Frames (pages) the WAL may hold before the next writer checkpoints it: 200 MiB of 4 KiB. */
  static final long MAX_FRAMES = 50_000;

  /** The least time between two checkpoints of the thread. */
  static final long INTERVAL_MILLIS = 1_000;

  private final Connection connection;
  private final String description;
  private final ReentrantLock checkpointing = new ReentrantLock();
  private final Object signal = new Object();
  private final Thread thread;

  // Guarded by signal.
  private boolean committed;
  private boolean closed;

  // The WAL's length in frames at the last checkpoint.
  private volatile long walFrames;
  private volatile Optional<String> failure = Optional.empty();

  /** Starts the thread; {@code connection} is its own, closed with it. */
  WalCheckpoints(Connection connection, String description) {
    this.connection = connection;
    this.description = description;
    this.thread =
        Thread.ofPlatform().daemon().name("wuzhen-sqlite-checkpoint").unstarted(this::run);
    thread.start();
  }

  /** A write committed: the thread checkpoints soon. */
  void committed() {
    synchronized (signal) {
      committed = true;
      signal.notifyAll();
    }
  }

  /**
   * Called by a writer before it begins, holding the write lock: checkpoints the WAL on the
   * writer's connection when it has grown past {@link #MAX_FRAMES}, so that the write starts it
   * again.
   */
  void beforeWrite(Connection writer) throws SQLException {
    if (walFrames <= MAX_FRAMES) {
      return;
    }
    checkpointing.lock();
    try {
      long[] result = checkpoint(writer);
      // Complete, and no writer ran since: the coming write starts the WAL again.
      walFrames = result[1] == result[2] ? 0 : result[1];
    } finally {
      checkpointing.unlock();
    }
  }

  /** Why the last checkpoint of the thread failed, while the next has not succeeded. */
  Optional<String> failure() {
    return failure;
  }

  private void run() {
    while (true) {
      synchronized (signal) {
        while (!committed && !closed) {
          try {
            signal.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        committed = false;
      }
      checkpointing.lock();
      try {
        walFrames = checkpoint(connection)[1];
        failure = Optional.empty();
      } catch (SQLException e) {
        // Reported by readinessProblem(); the next commit tries again, and beforeWrite bounds the
        // WAL whatever happens here.
        failure =
            Optional.of(
                description + ": checkpoint of the write-ahead log failed: " + e.getMessage());
      } finally {
        checkpointing.unlock();
      }
      // Commits in this interval wait for the next checkpoint instead of waking one each.
      long until = System.nanoTime() + INTERVAL_MILLIS * 1_000_000L;
      synchronized (signal) {
        long left;
        while (!closed && (left = until - System.nanoTime()) > 0) {
          try {
            signal.wait(Math.max(1, left / 1_000_000L));
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** PRAGMA wal_checkpoint(PASSIVE): busy (0 or 1), frames in the WAL, frames checkpointed. */
  private static long[] checkpoint(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (!r.next()) {
        throw new SQLException("PRAGMA wal_checkpoint answered no row");
      }
      return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
    }
  }

  @Override
  public void close() {
    synchronized (signal) {
      closed = true;
      signal.notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing is lost: the connection only ever checkpointed, and the pool's connections
      // checkpoint what remains when the last of them closes.
      failure = Optional.of(description + ": closing the checkpoint connection: " + e.getMessage());
    }
  }
}
