package org.wuzhen.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The node's secret key (HMAC for TAXII {@code next} tokens and status ids), kept in the data
 * directory with permissions 0600 so it survives restarts and is shared by every process that
 * serves the same data.
 */
final class NodeSecrets {
  static final String FILE = "node.key";
  private static final int KEY_BYTES = 32;

  private NodeSecrets() {}

  /** The key in {@code dataDirectory}, created on first use. */
  static byte[] signingKey(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE);
    try {
      Files.createDirectories(dataDirectory);
      if (!Files.exists(file)) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temp = Files.createTempFile(dataDirectory, FILE, ".tmp");
        restrict(temp);
        Files.write(temp, key);
        try {
          Files.move(temp, file);
        } catch (FileAlreadyExistsException raced) {
          Files.delete(temp); // another process created it first; use theirs
        }
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length < KEY_BYTES) {
        throw new IllegalStateException(
            file + " is shorter than " + KEY_BYTES + " bytes: delete it to create a new key");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the node key " + file, e);
    }
  }

  static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: rely on the directory's protection.
    }
  }
}
