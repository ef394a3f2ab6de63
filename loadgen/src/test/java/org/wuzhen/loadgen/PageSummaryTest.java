package org.wuzhen.loadgen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageSummaryTest {
  @Test
  void countsObjectsAndReadsTheCursorWhereverTheyStand() throws Exception {
    String page =
        "{\"more\":true,\"objects\":[{\"type\":\"x\",\"a\":{\"b\":[1,2,{\"next\":\"no\"}]}},"
            + "{\"type\":\"y\"},{\"type\":\"z\",\"objects\":[]}],\"next\":\"abc\"}";
    PageSummary s = PageSummary.of(page.getBytes(UTF_8));
    assertThat(s.objects()).isEqualTo(3);
    assertThat(s.next()).contains("abc");
  }

  @Test
  void aLastPageHasNoCursorAndAnEmptyOneNoObjects() throws Exception {
    assertThat(PageSummary.of("{\"more\":false}".getBytes(UTF_8)))
        .isEqualTo(new PageSummary(0, java.util.Optional.empty()));
  }

  @Test
  void aBodyThatIsNotAnEnvelopeIsAnErrorThatSaysSo() {
    assertThatThrownBy(() -> PageSummary.of("[1,2]".getBytes(UTF_8)))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> PageSummary.of("{\"objects\":[{\"a\":".getBytes(UTF_8)))
        .hasMessageContaining("not valid JSON");
  }
}
