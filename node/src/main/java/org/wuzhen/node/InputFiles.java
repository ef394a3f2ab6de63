package org.wuzhen.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads command-line inputs: a file path, or {@code -} for standard input, with a size bound. */
final class InputFiles {
  /** Larger inputs are refused rather than risking the heap; far above any real bundle. */
  static final long MAX_BYTES = 1L << 30;

  private InputFiles() {}

  /** Why an input could not be read, in words for the user. */
  static final class UnreadableInput extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableInput(String message) {
      super(message);
    }
  }

  static byte[] read(String name, InputStream stdin) throws UnreadableInput {
    if (name.equals("-")) {
      try {
        byte[] bytes = stdin.readNBytes((int) Math.min(MAX_BYTES + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > MAX_BYTES) {
          throw new UnreadableInput("standard input is larger than " + MAX_BYTES + " bytes");
        }
        return bytes;
      } catch (IOException e) {
        throw new UnreadableInput("cannot read standard input: " + e.getMessage());
      }
    }
    Path path = Path.of(name);
    try {
      if (Files.isDirectory(path)) {
        throw new UnreadableInput("is a directory, not a file");
      }
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new UnreadableInput(
            "file is " + size + " bytes, more than the " + MAX_BYTES + " accepted");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new UnreadableInput("no such file");
    } catch (IOException e) {
      throw new UnreadableInput("cannot read: " + e.getMessage());
    }
  }

  /** How an input is named in messages. */
  static String displayName(String name) {
    return name.equals("-") ? "<stdin>" : name;
  }
}
