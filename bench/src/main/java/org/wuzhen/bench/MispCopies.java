package org.wuzhen.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Copies of the shared MISP events, each copy with every UUID changed (its first eight hex digits
 * XORed with the copy's number, version and variant kept), so that a large import is of distinct
 * events and attributes rather than the same ones stored once: {@code java -cp
 * bench/target/benchmarks.jar org.wuzhen.bench.MispCopies EVENTS_DIR COPIES OUT_DIR}. Files that
 * are not MISP events as published (the malformed one) are copied too and refused by the import.
 */
public final class MispCopies {
  private static final Pattern UUID =
      Pattern.compile(
          "\\b([0-9a-fA-F]{8})(-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}"
              + "-[0-9a-fA-F]{12})\\b");

  private MispCopies() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: MispCopies EVENTS_DIR COPIES OUT_DIR");
      System.exit(2);
    }
    write(Path.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
  }

  /** Writes {@code copies} copies of every {@code *.json} under {@code events} into {@code out}. */
  static List<Path> write(Path events, int copies, Path out) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(events)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Files.createDirectories(out);
    for (int copy = 0; copy < copies; copy++) {
      for (Path file : files) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = String.format(Locale.ROOT, "%03d-%s", copy, file.getFileName());
        Files.writeString(out.resolve(name), renumber(text, copy), StandardCharsets.UTF_8);
      }
    }
    try (Stream<Path> written = Files.list(out)) {
      return written.sorted().toList();
    }
  }

  static String renumber(String text, int copy) {
    if (copy == 0) {
      return text;
    }
    Matcher m = UUID.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      long head = Long.parseLong(m.group(1), 16) ^ copy;
      m.appendReplacement(sb, String.format(Locale.ROOT, "%08x", head) + m.group(2));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
