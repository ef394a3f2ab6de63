package org.wuzhen.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.wuzhen.detect.Event;
import org.wuzhen.detect.ReadReport;
import org.wuzhen.detect.ZeekReader;
import org.wuzhen.stix.JsonObject;

/**
 * The Zeek logs a detection benchmark reads, held in memory as they are on disk (gzip included, so
 * decompression is part of every run, as in {@code wuzhen detect}), with their uncompressed size
 * and event count for MB/s and events/s. The files come from {@code -Dwuzhen.detect.input}
 * (comma-separated paths), by default the real dns and ssl logs under /work/shared/data/zeek/json.
 */
record TelemetryInput(List<String> names, List<byte[]> files, long uncompressedBytes, long events) {
  static final String PROPERTY = "wuzhen.detect.input";
  static final String DEFAULT =
      "/work/shared/data/zeek/json/dns.json.gz,/work/shared/data/zeek/json/ssl.json.gz";

  static TelemetryInput load() throws IOException {
    TelemetryInput counted = files(System.getProperty(PROPERTY, DEFAULT));
    long[] events = {0};
    counted.read(e -> events[0]++);
    return new TelemetryInput(counted.names, counted.files, counted.uncompressedBytes, events[0]);
  }

  /** The files of a comma-separated list of paths, events not counted (any format). */
  static TelemetryInput files(String paths) throws IOException {
    List<String> names = new ArrayList<>();
    List<byte[]> files = new ArrayList<>();
    long bytes = 0;
    for (String p : paths.split(",")) {
      Path path = Path.of(p.strip());
      byte[] content = Files.readAllBytes(path);
      names.add(path.getFileName().toString());
      files.add(content);
      bytes += uncompressedSize(content);
    }
    return new TelemetryInput(names, files, bytes, 0);
  }

  /** Reads every file in order, as {@code wuzhen detect} does; returns the events read. */
  long read(Consumer<Event> sink) throws IOException {
    long events = 0;
    for (int i = 0; i < files.size(); i++) {
      ReadReport report =
          ZeekReader.read(names.get(i), new ByteArrayInputStream(files.get(i)), sink);
      events += report.events();
    }
    return events;
  }

  private static long uncompressedSize(byte[] content) throws IOException {
    boolean gzip = content.length > 1 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
    if (!gzip) {
      return content.length;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
      long total = 0;
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        total += n;
      }
      return total;
    }
  }

  /**
   * About {@code perKind} values of each kind the input holds (IPv4 addresses, domain names,
   * SHA-256 certificate fingerprints), spread evenly over their sorted distinct values, so
   * indicators built from them match.
   */
  IndicatorSet.Present present(int perKind) throws IOException {
    TreeSet<String> ipv4 = new TreeSet<>();
    TreeSet<String> domains = new TreeSet<>();
    TreeSet<String> certificates = new TreeSet<>();
    read(
        e -> {
          for (JsonObject o : e.objects()) {
            switch (o.string("type").orElse("")) {
              case "ipv4-addr" -> o.string("value").ifPresent(ipv4::add);
              case "domain-name" -> o.string("value").ifPresent(domains::add);
              case "x509-certificate" ->
                  o.object("hashes").flatMap(h -> h.string("SHA-256")).ifPresent(certificates::add);
              default -> {}
            }
          }
        });
    return new IndicatorSet.Present(
        spread(ipv4, perKind), spread(domains, perKind), spread(certificates, perKind / 3));
  }

  /** Every value of every observable of the input ({@link CaptureValues}). */
  CaptureValues values() throws IOException {
    CaptureValues.Collector collector = new CaptureValues.Collector();
    read(e -> e.objects().forEach(collector::add));
    return collector.values();
  }

  private static List<String> spread(TreeSet<String> values, int count) {
    List<String> all = new ArrayList<>(values);
    List<String> out = new ArrayList<>();
    if (all.isEmpty() || count == 0) {
      return out;
    }
    double step = Math.max(1.0, all.size() / (double) count);
    for (double i = 0; i < all.size() && out.size() < count; i += step) {
      out.add(all.get((int) i));
    }
    return out;
  }
}
