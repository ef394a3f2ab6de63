package org.wuzhen.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.StixValidator;

/**
 * Every shared MISP file (ESET's exports, in the shapes they were published in) imports, with
 * counts of what became what, or, for the one published malformed, is refused with line and column.
 */
class SharedEventsImportTest {
  static final StixId MEMBER = StixId.parse("identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b");
  static final String MALFORMED = "pypi_backdoor_malicious_pypi_packages.misp-event.json";

  static MispImport importer() {
    return new MispImport(
        MEMBER,
        new StixValidator(
            StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck())));
  }

  static Path data() throws URISyntaxException {
    return Path.of(SharedEventsImportTest.class.getResource("/misp-events").toURI());
  }

  static Stream<Path> files() throws URISyntaxException, IOException {
    try (Stream<Path> walk = Files.walk(data())) {
      List<Path> files =
          walk.filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !p.getFileName().toString().equals(MALFORMED))
              .sorted()
              .toList();
      assertThat(files).hasSize(45);
      return files.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everySharedEventImportsWhole(Path file) throws IOException {
    List<MispImport.ConvertedEvent> events = new ArrayList<>();
    ImportReport report = importer().convert(file, events::add);
    assertThat(report.refused()).isEmpty();
    assertThat(report.events()).isEqualTo(events.size()).isPositive();
    assertThat(report.attributes()).isPositive();
    assertThat(report.counts()).isNotEmpty();
    long made = events.stream().mapToLong(e -> e.objects().size()).sum();
    assertThat(report.stixObjects()).isEqualTo(made);
    for (MispImport.ConvertedEvent e : events) {
      StixObject last = e.objects().getLast();
      assertThat(last.id().uuid().toString()).isEqualTo(e.eventUuid());
      assertThat(last.type()).isIn("report", "grouping");
      // No id twice within one event: each object is one version.
      Set<String> ids = new HashSet<>();
      for (StixObject o : e.objects()) {
        assertThat(ids.add(o.id() + " " + o.modified())).as(o.id().toString()).isTrue();
      }
    }
  }

  @Test
  void theMalformedExportIsRefusedWithLineAndColumn() throws Exception {
    Path file = data().resolve("eset").resolve(MALFORMED);
    List<MispImport.ConvertedEvent> events = new ArrayList<>();
    assertThatThrownBy(() -> importer().convert(Files.readAllBytes(file), "pypi", events::add))
        .isInstanceOf(MispFormatException.class)
        .hasMessageStartingWith("malformed JSON: line 37374, col ");
    assertThat(events).isEmpty();
    // As part of a directory, the file is refused and the others still import.
    ImportReport all = importer().convert(data().resolve("eset"), e -> {});
    assertThat(all.refused()).singleElement().asString().contains(MALFORMED, "line 37374");
    assertThat(all.events()).isEqualTo(39);
  }

  @Test
  void aDirectoryConvertsAsItsFilesOneByOneAndReachesTheSinkInNameOrderOnTheCallersThread()
      throws Exception {
    List<String> oneByOne = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    ImportReport.Tally expected = new ImportReport.Tally();
    for (Path file : files().toList()) {
      expected.add(
          importer()
              .convert(
                  Files.readAllBytes(file),
                  file.toString(),
                  e -> {
                    sources.add(e.source());
                    e.objects().forEach(o -> oneByOne.add(Json.write(o.json())));
                  }));
    }
    List<String> together = new ArrayList<>();
    List<String> order = new ArrayList<>();
    Set<Thread> threads = new HashSet<>();
    ImportReport report =
        importer()
            .convert(
                data(),
                e -> {
                  threads.add(Thread.currentThread());
                  order.add(e.source());
                  e.objects().forEach(o -> together.add(Json.write(o.json())));
                });
    assertThat(threads).containsExactly(Thread.currentThread());
    assertThat(order).isEqualTo(sources);
    assertThat(together).isEqualTo(oneByOne);
    ImportReport want = expected.report();
    assertThat(report.events()).isEqualTo(want.events());
    assertThat(report.attributes()).isEqualTo(want.attributes());
    assertThat(report.counts()).isEqualTo(want.counts());
    assertThat(report.repairs()).isEqualTo(want.repairs());
    assertThat(report.refused()).singleElement().asString().contains(MALFORMED);
  }

  @Test
  void countsSayWhatBecameWhat() throws Exception {
    ImportReport report = importer().convert(data().resolve("mozi.misp-event.json"), e -> {});
    assertThat(report.counts())
        .containsKeys(
            "object file → indicator",
            "object url → observed-data",
            "object elf → x-misp-object",
            "object reference → relationship",
            "galaxy cluster (event) → attack-pattern",
            "event → grouping");
    ImportReport repaired = importer().convert(data().resolve("2018-11-20_Zebrocy.json"), e -> {});
    assertThat(repaired.repairs())
        .extracting(Repair::toString)
        .contains(
            "$.response[0].Event.Galaxy[0].GalaxyCluster[0].uuid: empty; derived from tag_name"
                + " misp-galaxy:threat-actor=\"Sofacy\"");
  }
}
