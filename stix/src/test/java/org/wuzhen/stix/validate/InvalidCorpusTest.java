package org.wuzhen.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invalid-document corpus under {@code src/test/resources/invalid/}: one small file per fault,
 * and {@code expectations.tsv} naming the path and rule of the error each must produce.
 */
class InvalidCorpusTest {
  private static final String FOLDER = "/invalid/";

  /** One line of expectations.tsv. */
  record Expectation(String file, String path, String rule, boolean othersAllowed) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Expectation> expectations() {
    List<Expectation> out = new ArrayList<>();
    for (String line : resource("expectations.tsv").lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(new Expectation(f[0], f[1], f[2], f.length > 3 && f[3].equals("+others")));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectations")
  void invalidDocumentGivesItsError(Expectation e) {
    List<Finding> errors =
        new StixValidator().validate(bytes(e.file())).stream().filter(Finding::isError).toList();
    assertThat(errors)
        .as("errors of %s", e.file())
        .anySatisfy(
            f -> {
              assertThat(f.path()).isEqualTo(e.path());
              assertThat(f.rule()).isEqualTo(e.rule());
            });
    if (!e.othersAllowed()) {
      assertThat(errors).as("errors of %s", e.file()).hasSize(1);
    }
  }

  @Test
  void everyCorpusFileHasOneExpectation() throws URISyntaxException, IOException {
    Path folder = Path.of(InvalidCorpusTest.class.getResource(FOLDER).toURI());
    Set<String> files;
    try (Stream<Path> list = Files.list(folder)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toSet());
    }
    List<String> expected = expectations().stream().map(Expectation::file).toList();
    assertThat(expected).doesNotHaveDuplicates();
    assertThat(Set.copyOf(expected)).isEqualTo(files);
    assertThat(files).hasSizeGreaterThanOrEqualTo(60);
  }

  @Test
  void syntaxErrorsNameLineAndColumn() {
    Finding f = new StixValidator().validate(bytes("malformed-json.json")).get(0);
    assertThat(f.message()).startsWith("line 2, col ");
    assertThat(f.toString()).startsWith("$: line 2, col ");
  }

  private static byte[] bytes(String file) {
    try (InputStream in = InvalidCorpusTest.class.getResourceAsStream(FOLDER + file)) {
      assertThat(in).as(file).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }
}
