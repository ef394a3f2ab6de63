package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;
import org.wuzhen.store.PageCursor;

/**
 * Coverage-guided fuzzing of the TAXII query parameters of the object endpoints: {@code
 * added_after}, {@code limit}, {@code next} and {@code match[...]}, as a query string decoded the
 * way the server decodes it. Regression inputs: {@code FiltersFuzzTestInputs/<method>/}.
 */
class FiltersFuzzTest {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;
  private static final String OBJECT_ID = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
  private static final Signer SIGNER =
      new Signer("fuzzing key of 32 bytes, no more".getBytes(StandardCharsets.UTF_8));

  /**
   * For every endpoint, a query is refused only with a TAXII 400 error, or it parses to a limit
   * within 1..max and a canonical text that does not depend on the order of the match values. A
   * {@code next} token is refused with 400 unless this node issued it for the same filters; a token
   * issued for them continues exactly where it was issued.
   */
  @FuzzTest
  @DictionaryFile(resourcePath = "query.dict")
  void queriesParseOrAreRefusedWith400(byte[] input) {
    Fields fields = new Fields(true);
    try {
      UrlEncoded.decodeUtf8To(new String(input, StandardCharsets.UTF_8), fields);
    } catch (IllegalArgumentException malformed) {
      return; // the handler answers 400 "malformed query string"
    }
    Map<String, List<String>> params = TaxiiHandler.parameters(fields);
    for (Filters.Endpoint endpoint : Filters.Endpoint.values()) {
      checkEndpoint(endpoint, params);
    }
    try {
      Filters.deleteVersions(params);
      Filters.specVersions(params);
    } catch (TaxiiError refused) {
      assertThat(refused.status()).isEqualTo(400);
    }
  }

  private static void checkEndpoint(Filters.Endpoint endpoint, Map<String, List<String>> params) {
    Optional<String> objectId =
        endpoint == Filters.Endpoint.OBJECTS || endpoint == Filters.Endpoint.MANIFEST
            ? Optional.empty()
            : Optional.of(OBJECT_ID);
    String scope = "collection" + objectId.map(id -> "/" + id).orElse("");
    Filters filters;
    try {
      filters = Filters.parse(endpoint, scope, objectId, params, DEFAULT_LIMIT, MAX_LIMIT);
    } catch (TaxiiError refused) {
      assertThat(refused.status()).as(refused.getMessage()).isEqualTo(400);
      return;
    }
    assertThat(filters.limit()).isBetween(1, MAX_LIMIT);

    Filters reordered =
        Filters.parse(endpoint, scope, objectId, reversed(params), DEFAULT_LIMIT, MAX_LIMIT);
    assertThat(reordered.canonical()).isEqualTo(filters.canonical());
    assertThat(new HashSet<>(reordered.ids())).isEqualTo(new HashSet<>(filters.ids()));
    assertThat(new HashSet<>(reordered.types())).isEqualTo(new HashSet<>(filters.types()));

    byte[] digest = Signer.filterDigest(filters.canonical());
    filters
        .next()
        .ifPresent(
            token -> {
              try {
                SIGNER.verifyNext(token, digest);
              } catch (TaxiiError refused) {
                assertThat(refused.status()).isEqualTo(400);
              }
            });
    PageCursor cursor =
        new PageCursor(
            filters.addedAfterMicros().orElse(0L),
            filters.ids().isEmpty() ? OBJECT_ID : filters.ids().getFirst(),
            filters.versions().versionsMicros().stream().findFirst().orElse(0L));
    String issued = SIGNER.issueNext(cursor, digest);
    assertThat(SIGNER.verifyNext(issued, digest)).isEqualTo(cursor);
    byte[] other = Signer.filterDigest(filters.canonical() + "\nother");
    try {
      SIGNER.verifyNext(issued, other);
      throw new AssertionError("a token was accepted for other filters");
    } catch (TaxiiError refused) {
      assertThat(refused.status()).isEqualTo(400);
    }
  }

  /** The same parameters with the match values, and their occurrences, in reverse order. */
  private static Map<String, List<String>> reversed(Map<String, List<String>> params) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    params.forEach(
        (name, values) -> {
          if (!name.startsWith("match[")) {
            out.put(name, values);
            return;
          }
          List<String> occurrences = new ArrayList<>();
          for (String occurrence : values.reversed()) {
            List<String> parts = Arrays.asList(occurrence.split(",", -1));
            occurrences.add(String.join(",", parts.reversed()));
          }
          out.put(name, occurrences);
        });
    return out;
  }
}
