package org.wuzhen.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lock file {@code wuzhen.lock} of a data directory: every serving node holds a shared lock on
 * it for as long as it serves, and a restore takes it exclusively, so a restore never replaces the
 * data of a running node and no node starts on a half-restored directory. The operating system
 * releases a lock when its process dies, so a killed node never leaves a stale lock. Java refuses
 * overlapping locks within one process, so the locks this process holds are counted here.
 * Thread-safe.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE = "wuzhen.lock";

  /** Shared locks this process holds, by lock file, with how many holders. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  private record Held(FileChannel channel, FileLock lock, int holders, boolean exclusive) {}

  private final Path file;
  private boolean released;

  private DataDirectoryLock(Path file) {
    this.file = file;
  }

  /**
   * A shared lock for a node serving from {@code dataDirectory}; empty when a restore holds it.
   *
   * @throws IOException when the lock file cannot be created or locked
   */
  static Optional<DataDirectoryLock> serving(Path dataDirectory) throws IOException {
    return acquire(dataDirectory, false);
  }

  /** The exclusive lock for a restore; empty while any node serves from the directory. */
  static Optional<DataDirectoryLock> restoring(Path dataDirectory) throws IOException {
    return acquire(dataDirectory, true);
  }

  /**
   * The exclusive lock a demo node holds while it replaces its data and for as long as it serves:
   * empty while another node serves from the directory, whose data the demo would otherwise empty.
   */
  static Optional<DataDirectoryLock> servingAlone(Path dataDirectory) throws IOException {
    return acquire(dataDirectory, true);
  }

  private static Optional<DataDirectoryLock> acquire(Path dataDirectory, boolean exclusive)
      throws IOException {
    Files.createDirectories(dataDirectory);
    Path file = dataDirectory.resolve(FILE).toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(file);
      if (held != null) {
        if (exclusive || held.exclusive()) {
          return Optional.empty();
        }
        HELD.put(file, new Held(held.channel(), held.lock(), held.holders() + 1, false));
        return Optional.of(new DataDirectoryLock(file));
      }
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock(0, Long.MAX_VALUE, !exclusive);
      } catch (OverlappingFileLockException | IOException e) {
        channel.close();
        if (e instanceof IOException io) {
          throw io;
        }
        return Optional.empty();
      }
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      HELD.put(file, new Held(channel, lock, 1, exclusive));
      return Optional.of(new DataDirectoryLock(file));
    }
  }

  /** Releases this holder's lock; the file lock goes when its last holder in this process does. */
  @Override
  public void close() {
    synchronized (HELD) {
      if (released) {
        return;
      }
      released = true;
      Held held = HELD.get(file);
      if (held == null) {
        return;
      }
      if (held.holders() > 1) {
        HELD.put(file, new Held(held.channel(), held.lock(), held.holders() - 1, false));
        return;
      }
      HELD.remove(file);
      try {
        held.channel().close(); // releases the lock
      } catch (IOException e) {
        // The process keeps running; the lock goes with it at the latest.
      }
    }
  }
}
