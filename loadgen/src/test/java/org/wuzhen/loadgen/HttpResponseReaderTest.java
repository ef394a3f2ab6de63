package org.wuzhen.loadgen;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {
  private final HttpResponseReader reader = new HttpResponseReader(1024);

  /**
   * Feeds the text in pieces of {@code step} bytes; returns what follows the response once it is
   * complete, null while it is not.
   */
  private String feed(String text, int step) throws IOException {
    byte[] bytes = text.getBytes(US_ASCII);
    int position = 0;
    while (position < bytes.length) {
      ByteBuffer piece =
          ByteBuffer.wrap(bytes, position, Math.min(step, bytes.length - position)).slice();
      boolean done = reader.feed(piece);
      position += piece.position();
      if (done) {
        return new String(bytes, position, bytes.length - position, US_ASCII);
      }
    }
    return null;
  }

  @Test
  void aContentLengthBodyCompletesTheResponseWhateverThePiecesAre() throws IOException {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello";
    for (int step = 1; step <= response.length(); step++) {
      reader.reset();
      assertThat(feed(response, step)).as("step %d", step).isEmpty();
      assertThat(reader.status()).isEqualTo(200);
      assertThat(reader.closes()).isFalse();
    }
  }

  @Test
  void anIncompleteBodyIsNotAResponseYet() throws IOException {
    assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", 64)).isNull();
  }

  @Test
  void chunkedBodiesWithExtensionsAndTrailersComplete() throws IOException {
    String response =
        "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n";
    for (int step = 1; step <= response.length(); step++) {
      reader.reset();
      assertThat(feed(response, step)).as("step %d", step).isEmpty();
      assertThat(reader.status()).isEqualTo(404);
      assertThat(reader.closes()).isTrue();
    }
  }

  @Test
  void bytesAfterTheResponseAreLeftForTheCaller() throws IOException {
    assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1", 100))
        .isEqualTo("HTTP/1.1");
  }

  @Test
  void malformedResponsesAreErrorsThatSayWhatWasWrong() {
    assertThatThrownBy(() -> feed("SSH-2.0-OpenSSH\r\n\r\n", 100))
        .hasMessageContaining("not an HTTP/1.x status line");
    reader.reset();
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", 100))
        .hasMessageContaining("bad Content-Length");
    reader.reset();
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", 100))
        .hasMessageContaining("malformed response header line");
    reader.reset();
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nX: y\r\n\r\n", 100))
        .hasMessageContaining("neither Content-Length nor chunked");
    reader.reset();
    assertThatThrownBy(
            () -> feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100))
        .hasMessageContaining("bad chunk size line");
    reader.reset();
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nX: " + "y".repeat(2000) + "\r\n\r\n", 100))
        .hasMessageContaining("longer than 1024 bytes");
  }
}
