package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.UnreadableInputException;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixDocument;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;

/**
 * {@code wuzhen detect --indicators FILE}: a STIX bundle, a JSON array of objects or one object,
 * read once when the run starts; {@code -} reads stdin. A file has no community, so nothing is
 * excluded.
 */
final class IndicatorFile implements IndicatorSource {
  private final String name;

  /** The content, read once: {@link #digest} reads it, {@link #load} then parses it. */
  private byte[] content;

  IndicatorFile(String name) {
    this.name = requireNonNull(name, "name");
  }

  private byte[] content() throws UnreadableInputException {
    if (content == null) {
      try {
        content = InputFiles.read(name, System.in);
      } catch (InputFiles.UnreadableInput e) {
        throw new UnreadableInputException(
            "--indicators " + InputFiles.displayName(name) + ": " + e.getMessage());
      }
    }
    return content;
  }

  /** SHA-256 of the file's bytes: the same bytes are the same indicators. */
  @Override
  public Optional<byte[]> digest() throws UnreadableInputException {
    try {
      return Optional.of(MessageDigest.getInstance("SHA-256").digest(content()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The file, unless it is standard input: a plan cache may find its plan by its identity. */
  @Override
  public Optional<Path> file() {
    return name.equals("-") ? Optional.empty() : Optional.of(Path.of(name));
  }

  @Override
  public List<StixObject> load() throws UnreadableInputException {
    byte[] bytes = content();
    content = null; // parsed once; the bytes need not outlive it
    try {
      return StixDocument.from(Json.parse(bytes)).objects();
    } catch (StixFormatException e) {
      throw new UnreadableInputException("--indicators " + name + ": " + e.getMessage());
    }
  }
}
