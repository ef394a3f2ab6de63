package org.wuzhen.loadgen;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from bytes as they arrive, for {@link KeepAliveLoad}: the status line
 * and headers, then a body framed by Content-Length or chunked transfer coding, which it skips.
 * Reusable: {@link #reset} before each response.
 */
final class HttpResponseReader {
  private enum State {
    HEADER,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_DATA_END,
    TRAILER,
    DONE
  }

  private final byte[] header;
  private int headerLength;
  private State state = State.HEADER;
  private int status;
  private boolean closes;
  private long left;
  private final StringBuilder line = new StringBuilder();
  private final boolean keepBody;
  private byte[] body = new byte[0];
  private int bodyLength;

  /** A reader that skips bodies. */
  HttpResponseReader(int maxHeaderBytes) {
    this(maxHeaderBytes, false);
  }

  HttpResponseReader(int maxHeaderBytes, boolean keepBody) {
    this.header = new byte[maxHeaderBytes];
    this.keepBody = keepBody;
  }

  /** The body of the complete response, for a reader that keeps bodies. */
  byte[] body() {
    return Arrays.copyOf(body, bodyLength);
  }

  void reset() {
    state = State.HEADER;
    headerLength = 0;
    status = 0;
    closes = false;
    left = 0;
    line.setLength(0);
    bodyLength = 0;
  }

  int status() {
    return status;
  }

  /** True when the response says the server closes the connection after it. */
  boolean closes() {
    return closes;
  }

  /**
   * Consumes bytes of the response from {@code in}; true once the response is complete, leaving any
   * bytes after it in {@code in}.
   */
  boolean feed(ByteBuffer in) throws IOException {
    while (state != State.DONE && in.hasRemaining()) {
      switch (state) {
        case HEADER -> {
          if (headerLength == header.length) {
            throw new IOException("response header longer than " + header.length + " bytes");
          }
          header[headerLength++] = in.get();
          if (headerLength >= 4
              && header[headerLength - 1] == '\n'
              && header[headerLength - 2] == '\r'
              && header[headerLength - 3] == '\n'
              && header[headerLength - 4] == '\r') {
            parseHeader();
          }
        }
        case BODY -> {
          if (skipped(in)) {
            state = State.DONE;
          }
        }
        case CHUNK_SIZE -> {
          if (readLine(in)) {
            String size = line.toString();
            int ext = size.indexOf(';');
            try {
              left = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
            } catch (NumberFormatException e) {
              throw new IOException("bad chunk size line: " + size);
            }
            if (left < 0) {
              throw new IOException("bad chunk size line: " + size);
            }
            line.setLength(0);
            state = left == 0 ? State.TRAILER : State.CHUNK_DATA;
          }
        }
        case CHUNK_DATA -> {
          if (skipped(in)) {
            state = State.CHUNK_DATA_END;
          }
        }
        case CHUNK_DATA_END -> {
          if (readLine(in)) {
            if (!line.isEmpty()) {
              throw new IOException("chunk data is longer than its size");
            }
            state = State.CHUNK_SIZE;
          }
        }
        case TRAILER -> {
          if (readLine(in)) {
            state = line.isEmpty() ? State.DONE : State.TRAILER;
            line.setLength(0);
          }
        }
        case DONE -> {}
      }
    }
    return state == State.DONE;
  }

  /** Skips (or keeps) up to {@link #left} bytes of body or chunk data; true when none are left. */
  private boolean skipped(ByteBuffer in) {
    int n = (int) Math.min(left, in.remaining());
    if (keepBody) {
      if (bodyLength + n > body.length) {
        body = Arrays.copyOf(body, Math.max(bodyLength + n, body.length * 2));
      }
      in.get(in.position(), body, bodyLength, n);
      bodyLength += n;
    }
    in.position(in.position() + n);
    left -= n;
    return left == 0;
  }

  /** Reads up to a LF; true when the line (without CR LF) is in {@link #line}. */
  private boolean readLine(ByteBuffer in) throws IOException {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (b == '\n') {
        return true;
      }
      if (b != '\r') {
        if (line.length() >= 1024) {
          throw new IOException("chunk line longer than 1024 bytes");
        }
        line.append((char) (b & 0xFF));
      }
    }
    return false;
  }

  private void parseHeader() throws IOException {
    String[] lines = new String(header, 0, headerLength - 4, ISO_8859_1).split("\r\n");
    String statusLine = lines[0];
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    long length = -1;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed response header line: " + lines[i]);
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + value);
          }
        }
        case "transfer-encoding" -> chunked = value.endsWith("chunked");
        case "connection" -> closes = value.contains("close");
        default -> {}
      }
    }
    if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (length > 0) {
      left = length;
      state = State.BODY;
    } else if (length == 0 || status == 204 || status == 304 || status / 100 == 1) {
      state = State.DONE;
    } else {
      throw new IOException("response has neither Content-Length nor chunked framing");
    }
  }
}
