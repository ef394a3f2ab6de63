package org.wuzhen.stix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real STIX data shipped under src/test/resources/data (copied from ../shared/data). */
public final class TestData {
  private TestData() {}

  public static Path dataDirectory() {
    try {
      return Path.of(TestData.class.getResource("/data").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every JSON file of the ATT&CK and OASIS example folders. */
  public static List<Path> realStixFiles() {
    try (Stream<Path> files = Files.walk(dataDirectory())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
