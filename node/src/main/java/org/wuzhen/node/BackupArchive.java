package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.TreeHead;

/**
 * A backup of a node's data directory as one ZIP file (docs/operations.md, "Backup and restore"):
 * {@code wuzhen.db}, the embedded store as of one commit; {@code head.json}, a tree head of the
 * node's transparency log signed just before that commit, with the log's public key; {@code
 * files/NAME}, the data directory's other files (the node's keys). It holds the node's secret keys:
 * it is written 0600 and must be kept like them.
 */
final class BackupArchive {
  static final String DATABASE = "wuzhen.db";
  static final String HEAD = "head.json";
  static final String FILES = "files/";

  /** What a backup says of itself once read. */
  record Contents(Path database, TreeHead head, PublicKey logKey, List<Path> files) {
    Contents {
      requireNonNull(database, "database");
      requireNonNull(head, "head");
      requireNonNull(logKey, "logKey");
      files = List.copyOf(files);
    }
  }

  /** Data-directory files a backup leaves out: the database (copied consistently) and the lock. */
  static boolean isDataFile(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && !name.startsWith("wuzhen.db")
        && !name.equals(DataDirectoryLock.FILE)
        && !name.startsWith(".");
  }

  private BackupArchive() {}

  /** Writes the archive to {@code out} (which must not exist) atomically, 0600. */
  static void write(Path out, Path database, TreeHead head, PublicKey logKey, List<Path> files)
      throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(parent, ".wuzhen-backup-", ".tmp");
    try {
      NodeSecrets.restrict(temp);
      try (OutputStream raw = Files.newOutputStream(temp);
          ZipOutputStream zip = new ZipOutputStream(raw)) {
        zip.putNextEntry(new ZipEntry(DATABASE));
        Files.copy(database, zip);
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(HEAD));
        JsonObject json =
            JsonObject.builder()
                .put("head", head.toJson())
                .put("public_key", Ed25519Keys.encodePublic(logKey))
                .build();
        zip.write(Json.writePretty(json).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        for (Path f : files) {
          zip.putNextEntry(new ZipEntry(FILES + f.getFileName()));
          Files.copy(f, zip);
          zip.closeEntry();
        }
      }
      try (var channel =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Unpacks the archive into the empty directory {@code into}.
   *
   * @throws BackupException naming the file and what is wrong with it
   */
  static Contents read(Path archive, Path into) throws IOException {
    TreeHead head = null;
    PublicKey key = null;
    Path database = null;
    List<Path> files = new ArrayList<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        String name = entry.getName();
        if (name.equals(DATABASE)) {
          database = into.resolve(DATABASE);
          copy(zip, entry, database);
        } else if (name.equals(HEAD)) {
          try (InputStream in = zip.getInputStream(entry)) {
            JsonValue root = Json.parse(in.readNBytes(1 << 16));
            JsonFields f = JsonFields.of(root, HEAD);
            f.object("head"); // fails naming it when missing or not an object
            head = TreeHead.fromJson(((JsonObject) root).get("head").orElseThrow());
            key = Ed25519Keys.parsePublic(f.string("public_key"), HEAD + " public_key");
          } catch (JsonSyntaxException | IllegalArgumentException e) {
            throw new BackupException(archive + ": " + HEAD + ": " + e.getMessage());
          }
        } else if (name.startsWith(FILES) && isPlainName(name.substring(FILES.length()))) {
          Path dir = into.resolve("files");
          Files.createDirectories(dir);
          Path target = dir.resolve(name.substring(FILES.length()));
          copy(zip, entry, target);
          files.add(target);
        } else {
          throw new BackupException(archive + ": unexpected entry '" + name + "' in a backup");
        }
      }
    } catch (ZipException e) {
      throw new BackupException(archive + ": not a wuzhen backup (ZIP): " + e.getMessage());
    }
    if (database == null || head == null) {
      throw new BackupException(
          archive + ": not a wuzhen backup: it lacks " + (database == null ? DATABASE : HEAD));
    }
    return new Contents(database, head, key, files);
  }

  private static boolean isPlainName(String name) {
    return !name.isEmpty()
        && !name.contains("/")
        && !name.contains("\\")
        && !name.startsWith(".")
        && !name.startsWith("wuzhen.db")
        && !name.equals(DataDirectoryLock.FILE);
  }

  private static void copy(ZipFile zip, ZipEntry entry, Path target) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      Files.copy(in, target);
    }
    NodeSecrets.restrict(target);
  }

  /** A backup file that cannot be used; the message names it and what is wrong. */
  static final class BackupException extends IOException {
    private static final long serialVersionUID = 1L;

    BackupException(String message) {
      super(message);
    }
  }
}
