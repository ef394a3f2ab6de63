package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.wuzhen.node.config.ConfigException;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.StoreException;
import org.wuzhen.store.Stores;
import org.wuzhen.transparency.AuditFailure;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.FullAudit;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.transparency.TreeHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen backup} and {@code wuzhen restore} of the embedded store (docs/operations.md); a
 * PostgreSQL store is backed up with pg_dump.
 */
final class BackupCommands {
  private BackupCommands() {}

  @Command(
      name = "backup",
      description = {
        "Back up the node's data directory into one file while the node serves: the embedded store",
        "as of one commit (SQLite VACUUM INTO), a tree head of its transparency log signed just",
        "before, and the node's keys. The file holds secret keys: it is written 0600.",
        "A PostgreSQL store is backed up with pg_dump (docs/operations.md)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:backed up", "2:bad usage, or the store or a file could not be used"})
  static final class BackupCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "The backup file to write (must not exist).")
    Path out;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        NodeConfig config = store.load();
        if (!(config.store() instanceof NodeConfig.StoreSettings.Sqlite)) {
          return fail(err, "a PostgreSQL store is backed up with pg_dump (docs/operations.md)");
        }
        if (Files.exists(out)) {
          return fail(err, "--out: " + out + " exists already; name a new file");
        }
        Path data = config.dataDirectory();
        Path keyFile = data.resolve(NodeAssembly.LOG_KEY_FILE);
        if (!Files.exists(keyFile)) {
          return fail(
              err,
              data
                  + " has no "
                  + NodeAssembly.LOG_KEY_FILE
                  + ": serve the node once before backing"
                  + " it up");
        }
        KeyPair key = Ed25519Keys.readPair(keyFile);
        Path work = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".wuzhen-backup-");
        try (Store s = store.open()) {
          // Signed before the copy is taken, so the copy's log extends it.
          TreeHead head = new TransparencyLog(s, key, Clock.systemUTC()).refresh();
          Path database = work.resolve(BackupArchive.DATABASE);
          s.backupTo(database);
          List<Path> files;
          try (Stream<Path> list = Files.list(data)) {
            files = list.filter(BackupArchive::isDataFile).sorted().toList();
          }
          BackupArchive.write(out, database, head, key.getPublic(), files);
          PrintWriter o = spec.commandLine().getOut();
          o.println(
              "wuzhen: backed up "
                  + data
                  + " to "
                  + out
                  + " ("
                  + Files.size(out)
                  + " bytes; log head "
                  + head.treeSize()
                  + " root "
                  + head.rootHash().hex()
                  + " signed before the copy; "
                  + files.size()
                  + " key files: keep it as secret as them)");
          o.flush();
          return ExitCodes.OK;
        } finally {
          deleteTree(work);
        }
      } catch (ConfigException e) {
        return fail(err, e.getMessage());
      } catch (StoreException e) {
        return fail(err, "cannot back up the store: " + e.getMessage());
      } catch (IOException | UncheckedIOException e) {
        return fail(err, "cannot write the backup: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "restore",
      description = {
        "Restore a backup into a data directory whose node is stopped: unpack it beside the data,",
        "check the restored store against its transparency log (every leaf, every stored object,",
        "the head signed before the backup) and only then put it in place; the data it replaces",
        "is moved to DIR/before-restore-TIME/. A backup that lost or altered anything is refused",
        "and the directory left as it was."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:restored and verified",
        "1:the backup failed the check (the message names the first difference); nothing changed",
        "2:bad usage, a node is serving from the directory, or a file could not be used"
      })
  static final class RestoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "FILE",
        description = "The backup file (from wuzhen backup).")
    Path from;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      NodeConfig config;
      try {
        config = store.load();
      } catch (ConfigException e) {
        return fail(err, e.getMessage());
      }
      if (!(config.store() instanceof NodeConfig.StoreSettings.Sqlite)) {
        return fail(err, "a PostgreSQL store is restored with pg_restore (docs/operations.md)");
      }
      if (!Files.isRegularFile(from)) {
        return fail(err, "--from: " + from + " is not a file");
      }
      Path data = config.dataDirectory();
      try (DataDirectoryLock lock = DataDirectoryLock.restoring(data).orElse(null)) {
        if (lock == null) {
          return fail(
              err,
              "a node is serving from "
                  + data
                  + " (it holds "
                  + data.resolve(DataDirectoryLock.FILE)
                  + "): stop it before restoring");
        }
        Path staging = Files.createTempDirectory(data, ".restore-");
        try {
          BackupArchive.Contents backup = BackupArchive.read(from, staging);
          List<String> checks;
          try {
            checks = check(backup, staging);
          } catch (AuditFailure e) {
            err.println(
                "wuzhen: restore refused: " + from + " failed the check: " + e.getMessage());
            err.println("wuzhen: nothing in " + data + " was changed");
            return ExitCodes.INVALID;
          }
          checks.forEach(c -> out.println("ok: " + c));
          Path aside = putInPlace(data, staging, backup);
          out.println(
              "wuzhen: restored "
                  + from
                  + " into "
                  + data
                  + (aside == null ? "" : "; the data it replaced is in " + aside));
          out.flush();
          return ExitCodes.OK;
        } finally {
          deleteTree(staging);
        }
      } catch (BackupArchive.BackupException e) {
        return fail(err, "restore refused: " + e.getMessage());
      } catch (StoreException e) {
        return fail(
            err, "restore refused: the backed-up store cannot be opened: " + e.getMessage());
      } catch (IOException | UncheckedIOException e) {
        return fail(err, "cannot restore: " + e.getMessage());
      }
    }

    /** The checks of a restored store, or the first difference. */
    static List<String> check(BackupArchive.Contents backup, Path staging) throws AuditFailure {
      TreeHead head = backup.head();
      List<String> checks = new ArrayList<>();
      if (!head.verify(backup.logKey())) {
        throw new AuditFailure(
            "head.json: the signature of head " + head.treeSize() + " does not verify");
      }
      for (Path f : backup.files()) {
        if (f.getFileName().toString().equals(NodeAssembly.LOG_KEY_FILE + ".pub")) {
          try {
            if (!Ed25519Keys.readPublic(f).equals(backup.logKey())) {
              throw new AuditFailure("the backed-up log key is not the key that signed head.json");
            }
          } catch (IOException e) {
            throw new AuditFailure("the backed-up log key cannot be read: " + e.getMessage());
          }
        }
      }
      checks.add(
          "head "
              + head.treeSize()
              + " signed before the backup verifies with key "
              + Ed25519Keys.keyId(backup.logKey()));
      try (Store s = Stores.open(new StoreConfig.Sqlite(staging))) {
        long size = s.logSize();
        if (size < head.treeSize()) {
          throw new AuditFailure(
              "the restored log has "
                  + size
                  + " leaves, fewer than the "
                  + head.treeSize()
                  + " of the head signed before the backup");
        }
        FullAudit.Report report = FullAudit.run(s, List.of(head));
        checks.addAll(report.checks());
        checks.add(
            "full audit passed: "
                + report.treeSize()
                + " leaves, "
                + report.versions()
                + " stored versions");
      }
      return checks;
    }

    /** Moves what the restore replaces aside, then the restored files in; returns where to. */
    private static Path putInPlace(Path data, Path staging, BackupArchive.Contents backup)
        throws IOException {
      List<Path> incoming = new ArrayList<>();
      try (Stream<Path> db = Files.list(staging)) {
        db.filter(p -> p.getFileName().toString().startsWith(BackupArchive.DATABASE))
            .forEach(incoming::add);
      }
      incoming.addAll(backup.files());
      Path aside =
          data.resolve(
              "before-restore-"
                  + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                      .withZone(ZoneOffset.UTC)
                      .format(Clock.systemUTC().instant()));
      boolean moved = false;
      List<Path> replaced = new ArrayList<>();
      try (Stream<Path> existing = Files.list(data)) {
        existing
            .filter(
                p ->
                    p.getFileName().toString().startsWith(BackupArchive.DATABASE)
                        || backup.files().stream()
                            .anyMatch(f -> f.getFileName().equals(p.getFileName())))
            .forEach(replaced::add);
      }
      for (Path p : replaced) {
        Files.createDirectories(aside);
        Files.move(p, aside.resolve(p.getFileName()));
        moved = true;
      }
      for (Path p : incoming) {
        Files.move(p, data.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
      return moved ? aside : null;
    }
  }

  private static int fail(PrintWriter err, String message) {
    err.println("wuzhen: " + message);
    err.flush();
    return ExitCodes.UNREADABLE;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless and named .restore-* or .wuzhen-backup-*.
    }
  }
}
