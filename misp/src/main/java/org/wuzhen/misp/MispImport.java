package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.Finding;
import org.wuzhen.stix.validate.StixValidator;

/**
 * Imports MISP events as STIX 2.1, the reusable call behind {@code wuzhen misp import} and the
 * console's import page: read a document, a file, a directory or a URL leniently, convert each
 * event following misp-stix's conventions with the importing member as publisher, and hand each
 * event's objects to a sink whole. An event is converted whole or refused whole: one that cannot be
 * read or whose STIX would not validate is refused with the reason and nothing of it reaches the
 * sink. Thread-safe (no shared state); a call converts on a few threads of its own and calls its
 * sink on the calling thread.
 */
public final class MispImport {
  /** Largest MISP document read from a URL. */
  public static final long MAX_DOCUMENT_BYTES = 256L << 20;

  private final StixId publisher;
  private final StixValidator validator;

  /**
   * @param publisher the importing member's identity, {@code created_by_ref} of what it makes
   * @param validator how the converted objects are checked before they reach the sink (the same
   *     rules the node applies to a POST)
   */
  public MispImport(StixId publisher, StixValidator validator) {
    this.publisher = requireNonNull(publisher, "publisher");
    this.validator = requireNonNull(validator, "validator");
    if (!publisher.type().equals("identity")) {
      throw new IllegalArgumentException("publisher: " + publisher + " is not an identity id");
    }
  }

  /**
   * One event converted.
   *
   * @param source the file or URL and the JSON path of the event in it
   * @param eventUuid the MISP event's uuid
   * @param objects every STIX object made from it, the report or grouping last
   * @param attributes the MISP attributes it held (those inside objects included)
   */
  public record ConvertedEvent(
      String source, String eventUuid, List<StixObject> objects, long attributes) {
    public ConvertedEvent {
      requireNonNull(source, "source");
      requireNonNull(eventUuid, "eventUuid");
      objects = List.copyOf(objects);
    }
  }

  /**
   * Converts the events of one MISP document, several at once on a multi-core machine; the sink is
   * called on this thread, one event at a time, in the document's order.
   *
   * @param name how the document is named in the report (file name, URL)
   * @throws MispFormatException when the document is not JSON (line and column) or holds no event
   */
  public ImportReport convert(byte[] document, String name, Consumer<ConvertedEvent> sink) {
    List<MispReader.Found> found = MispReader.events(document);
    ImportReport.Tally report = new ImportReport.Tally();
    InOrder.run(
        found, InOrder.threads(), f -> convertOne(f, name), done -> report.add(done.handTo(sink)));
    return report.report();
  }

  /**
   * Converts a file, or every {@code *.json} file under a directory (in name order); a file that
   * cannot be read as MISP is refused and the others still converted. Files are read and converted
   * several at once on a multi-core machine while the sink takes the ones before them; the sink is
   * called on this thread, one event at a time, in name order.
   *
   * @throws IOException when a file cannot be read (the events before it have reached the sink)
   */
  public ImportReport convert(Path path, Consumer<ConvertedEvent> sink) throws IOException {
    return convert(path, event -> event, sink);
  }

  /**
   * {@link #convert(Path, Consumer)}, with {@code prepare} applied to each converted event on the
   * converting threads (work the sink would otherwise do on its one thread, such as {@link
   * org.wuzhen.store.PreparedObject#of} for every object); the sink gets what it returned, on this
   * thread, in name order. {@code prepare} must be thread-safe.
   */
  public <T> ImportReport convert(
      Path path, Function<ConvertedEvent, T> prepare, Consumer<? super T> sink) throws IOException {
    requireNonNull(prepare, "prepare");
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        files =
            walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json"))
                .sorted()
                .toList();
      }
    } else {
      files = List.of(path);
    }
    ImportReport.Tally report = new ImportReport.Tally();
    try {
      InOrder.run(
          files,
          InOrder.threads(),
          file -> prepared(convertFile(file), prepare),
          converted -> converted.forEach(done -> report.add(done.handTo(sink))));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return report.report();
  }

  /** One file's events, converted on a worker thread, not yet handed to the sink. */
  private List<Converted<ConvertedEvent>> convertFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<MispReader.Found> found;
    try {
      found = MispReader.events(bytes);
    } catch (MispFormatException e) {
      return List.of(
          new Converted<ConvertedEvent>(refused(file + ": " + e.getMessage()), Optional.empty()));
    }
    List<Converted<ConvertedEvent>> out = new ArrayList<>(found.size());
    for (MispReader.Found f : found) {
      out.add(convertOne(f, file.toString()));
    }
    return out;
  }

  private static <T> List<Converted<T>> prepared(
      List<Converted<ConvertedEvent>> converted, Function<ConvertedEvent, T> prepare) {
    List<Converted<T>> out = new ArrayList<>(converted.size());
    for (Converted<ConvertedEvent> c : converted) {
      out.add(new Converted<>(c.report(), c.event().map(prepare)));
    }
    return out;
  }

  /** What converting one event gave: its report, and the event unless it was refused. */
  private record Converted<T>(ImportReport report, Optional<T> event) {
    ImportReport handTo(Consumer<? super T> sink) {
      event.ifPresent(sink);
      return report;
    }
  }

  /** Fetches a MISP document over HTTP(S) and converts it. */
  public ImportReport convert(URI url, Consumer<ConvertedEvent> sink) throws IOException {
    return convert(fetch(url), url.toString(), sink);
  }

  static byte[] fetch(URI url) throws IOException {
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new MispFormatException(url + ": not an http(s) URL");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException(url + ": HTTP " + response.statusCode());
      }
      if (response.body().length > MAX_DOCUMENT_BYTES) {
        throw new IOException(url + ": larger than " + MAX_DOCUMENT_BYTES + " bytes");
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(url + ": interrupted");
    }
  }

  private Converted<ConvertedEvent> convertOne(MispReader.Found found, String name) {
    List<Repair> repairs = new ArrayList<>();
    Map<String, Long> counts = new HashMap<>();
    MispModel.Event event;
    List<StixObject> objects;
    String where = name + " " + found.path();
    try {
      event = new EventParser(repairs).event(found.event(), found.path());
      objects = new StixMapping(event, publisher.toString(), counts).convert();
    } catch (MispFormatException e) {
      return new Converted<>(refused(where + ": " + e.getMessage()), Optional.empty());
    }
    for (StixObject o : objects) {
      for (Finding f : validator.validate(o.json())) {
        if (f.isError()) {
          return new Converted<>(
              refused(where + ": " + o.id() + " would be invalid STIX: " + f), Optional.empty());
        }
      }
    }
    return new Converted<>(
        new ImportReport(1, List.of(), event.attributeCount(), objects.size(), counts, repairs),
        Optional.of(new ConvertedEvent(where, event.uuid(), objects, event.attributeCount())));
  }

  private static ImportReport refused(String why) {
    return new ImportReport(0, List.of(why), 0, 0, Map.of(), List.of());
  }
}
