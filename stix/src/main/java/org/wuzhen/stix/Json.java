package org.wuzhen.stix;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes {@link JsonValue}s. Reading is strict (one value per document, no duplicate
 * names, valid UTF-8, bounded nesting); writing reproduces member order and number text exactly.
 */
public final class Json {
  // Characters beyond the Basic Multilingual Plane (emoji, rare CJK) are written as their UTF-8
  // bytes, as received, not as an escaped surrogate pair: stored objects are served as sent.
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  private Json() {}

  public static JsonValue parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8), JsonLimits.DEFAULT);
  }

  public static JsonValue parse(byte[] utf8) {
    return parse(utf8, JsonLimits.DEFAULT);
  }

  public static JsonValue parse(byte[] utf8, JsonLimits limits) {
    requireUtf8Start(utf8);
    try (JsonParser parser = factory(limits).createParser(utf8)) {
      return readDocument(parser, limits);
    } catch (IOException e) {
      throw syntaxError(e);
    }
  }

  /** Reads one document from a stream; the stream is read to its end but not closed. */
  public static JsonValue parse(InputStream in, JsonLimits limits) throws IOException {
    PushbackInputStream start = new PushbackInputStream(in, 2);
    byte[] first = start.readNBytes(2);
    start.unread(first);
    requireUtf8Start(first);
    try (JsonParser parser = factory(limits).createParser(start)) {
      return readDocument(parser, limits);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    }
  }

  /**
   * Reads one document from any Jackson parser (for example a YAML parser for configuration files),
   * with the same strictness and limits as JSON text.
   *
   * @throws JsonSyntaxException with the parser's line and column
   */
  public static JsonValue read(JsonParser parser, JsonLimits limits) throws IOException {
    try {
      return readDocument(parser, limits);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    }
  }

  /**
   * The exact text of each element of the array that member {@code member} of a top-level object
   * holds, in order, as UTF-8 slices of {@code utf8}; empty when the document is not an object or
   * has no such array. For keeping objects as received (a TAXII envelope's {@code objects}) after
   * {@link #parse(byte[], JsonLimits)} has checked the document: this pass only finds boundaries.
   *
   * @throws JsonSyntaxException when the text is not JSON
   */
  public static List<byte[]> arrayElementTexts(byte[] utf8, String member) {
    requireUtf8Start(utf8);
    try (JsonParser parser = Holder.DEFAULT.createParser(utf8)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return List.of();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals(member) || value != JsonToken.START_ARRAY) {
          parser.skipChildren();
          continue;
        }
        List<byte[]> out = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          int start = (int) parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          parser.finishToken();
          int end = (int) parser.currentLocation().getByteOffset();
          out.add(Arrays.copyOfRange(utf8, start, end));
        }
        return out;
      }
      return List.of();
    } catch (IOException e) {
      throw syntaxError(e);
    }
  }

  /**
   * RFC 8259 §8.1: JSON text exchanged between systems is UTF-8. From a byte-order mark or a NUL
   * byte among the first two bytes Jackson would guess UTF-16 or UTF-32 and decode the text as
   * such; neither can start UTF-8 JSON text (FE and FF are never UTF-8, and a NUL is never JSON
   * outside a string nor allowed unescaped inside one), so such text is refused here.
   */
  private static void requireUtf8Start(byte[] bytes) {
    for (int i = 0; i < Math.min(2, bytes.length); i++) {
      int b = bytes[i] & 0xFF;
      if (b == 0x00 || b == 0xFE || b == 0xFF) {
        throw new JsonSyntaxException(
            1,
            i + 1,
            "byte 0x"
                + HexFormat.of().toHexDigits((byte) b)
                + ": JSON text must be UTF-8 (this looks like UTF-16 or UTF-32)");
      }
    }
  }

  private static JsonFactory factory(JsonLimits limits) {
    if (limits.equals(JsonLimits.DEFAULT)) {
      return Holder.DEFAULT;
    }
    return newFactory(limits);
  }

  private static JsonFactory newFactory(JsonLimits limits) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                // Our own depth check runs first and gives the better message.
                .maxNestingDepth(limits.maxDepth() + 1)
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxNameLength(limits.maxStringLength())
                .build())
        .build();
  }

  private static final class Holder {
    static final JsonFactory DEFAULT = newFactory(JsonLimits.DEFAULT);
  }

  private static JsonValue readDocument(JsonParser parser, JsonLimits limits) throws IOException {
    try {
      return readWholeDocument(parser, limits);
    } catch (StreamConstraintsException e) {
      // Jackson's size limits carry no location; the parser still knows where it stopped.
      throw beyondLimit(parser, e);
    }
  }

  private static JsonValue readWholeDocument(JsonParser parser, JsonLimits limits)
      throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw at(parser, "empty document: expected a JSON value");
    }
    JsonValue root = readValue(parser, first, 1, limits);
    JsonToken extra = parser.nextToken();
    if (extra != null) {
      throw at(parser, "unexpected content after the JSON document: " + describe(parser, extra));
    }
    return root;
  }

  private static JsonValue readValue(JsonParser p, JsonToken token, int depth, JsonLimits limits)
      throws IOException {
    return switch (token) {
      case START_OBJECT -> readObject(p, depth, limits);
      case START_ARRAY -> readArray(p, depth, limits);
      case VALUE_STRING -> new JsonString(wellFormed(p, p.getText()));
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonNumber(p.getText());
      case VALUE_TRUE -> JsonBoolean.TRUE;
      case VALUE_FALSE -> JsonBoolean.FALSE;
      case VALUE_NULL -> JsonNull.INSTANCE;
      default -> throw at(p, "unexpected " + describe(p, token));
    };
  }

  private static JsonObject readObject(JsonParser p, int depth, JsonLimits limits)
      throws IOException {
    checkDepth(p, depth, limits);
    // Plain arrays, and names compared by hash first: whole MISP documents and TAXII envelopes
    // are read into objects of a dozen members or so, and the lists and their copies showed.
    String[] names = new String[8];
    int[] hashes = new int[8];
    JsonValue[] values = new JsonValue[8];
    int size = 0;
    Set<String> seen = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = wellFormed(p, p.currentName());
      int hash = name.hashCode();
      boolean duplicate = false;
      if (size < 16) {
        for (int i = 0; i < size && !duplicate; i++) {
          duplicate = hashes[i] == hash && names[i].equals(name);
        }
      } else {
        if (seen == null) {
          seen = new HashSet<>(Arrays.asList(names).subList(0, size));
        }
        duplicate = !seen.add(name);
      }
      if (duplicate) {
        JsonLocation where = p.currentTokenLocation();
        throw new JsonSyntaxException(
            where.getLineNr(), where.getColumnNr(), "duplicate member name '" + name + "'");
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        hashes = Arrays.copyOf(hashes, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      hashes[size] = hash;
      values[size] = readValue(p, p.nextToken(), depth + 1, limits);
      size++;
    }
    if (t != JsonToken.END_OBJECT) {
      throw at(p, "expected a member name or '}'");
    }
    return JsonObject.ofTrusted(Arrays.copyOf(names, size), Arrays.copyOf(values, size));
  }

  private static JsonArray readArray(JsonParser p, int depth, JsonLimits limits)
      throws IOException {
    checkDepth(p, depth, limits);
    List<JsonValue> elements = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw at(p, "unexpected end of input inside an array");
      }
      elements.add(readValue(p, t, depth + 1, limits));
    }
    return new JsonArray(elements);
  }

  /**
   * The text, unless it holds a surrogate without its pair (only an escape such as {@code \ud800}
   * can put one there). I-JSON (RFC 7493 §2.1), which STIX content is, forbids them, and RFC 8785
   * cannot canonicalise them: UTF-8 would write each as '?', so two different strings would sign
   * and hash alike.
   */
  private static String wellFormed(JsonParser p, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          throw at(
              p,
              "unpaired surrogate \\u"
                  + Integer.toHexString(c)
                  + " in a string (I-JSON, RFC 7493 §2.1, allows only whole characters)");
        }
        i++;
      }
    }
    return text;
  }

  private static void checkDepth(JsonParser p, int depth, JsonLimits limits) {
    if (depth > limits.maxDepth()) {
      throw at(p, "nesting deeper than " + limits.maxDepth() + " levels");
    }
  }

  private static String describe(JsonParser p, JsonToken token) {
    try {
      return token.isScalarValue() ? "value " + p.getText() : "'" + token.asString() + "'";
    } catch (IOException e) {
      return token.name();
    }
  }

  private static JsonSyntaxException at(JsonParser p, String problem) {
    JsonLocation l = p.currentTokenLocation();
    return new JsonSyntaxException(l.getLineNr(), l.getColumnNr(), problem);
  }

  /**
   * A value over one of the reader's size limits, named by its JSON pointer ({@code /objects/3/x})
   * and the limit, e.g. {@code /objects/0/n: Number value length (1001) exceeds the maximum allowed
   * (1000)}.
   */
  private static JsonSyntaxException beyondLimit(JsonParser p, StreamConstraintsException e) {
    JsonLocation l = p.currentLocation();
    String pointer = p.getParsingContext().pathAsPointer().toString();
    String where = pointer.isEmpty() ? "the document" : pointer;
    return new JsonSyntaxException(
        l.getLineNr(), l.getColumnNr(), where + ": " + limitMessage(e.getOriginalMessage()));
  }

  /** Jackson's limit message without the name of its internal setting. */
  private static String limitMessage(String message) {
    return message.replaceAll(", from `[^`]*`", "").replace('\n', ' ');
  }

  private static JsonSyntaxException syntaxError(IOException e) {
    if (e instanceof StreamConstraintsException limit) {
      return new JsonSyntaxException(1, 1, limitMessage(limit.getOriginalMessage()));
    }
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
      JsonLocation l = jpe.getLocation();
      return new JsonSyntaxException(l.getLineNr(), l.getColumnNr(), cleanMessage(jpe));
    }
    throw new UncheckedIOException(e);
  }

  /** Jackson's original message without its source excerpt and location suffix. */
  private static String cleanMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    for (String tail : new String[] {"\n at [Source", " (start marker at [Source"}) {
      int cut = m.indexOf(tail);
      m = cut >= 0 ? m.substring(0, cut) : m;
    }
    return m.replace('\n', ' ');
  }

  /** Compact JSON text, members in their original order and numbers as written. */
  public static String write(JsonValue value) {
    return new String(writeBytes(value, false), StandardCharsets.UTF_8);
  }

  /** Indented JSON text for people. */
  public static String writePretty(JsonValue value) {
    return new String(writeBytes(value, true), StandardCharsets.UTF_8);
  }

  public static byte[] writeBytes(JsonValue value, boolean pretty) {
    if (!pretty) {
      byte[] compact = CompactJson.utf8(value);
      if (compact != null) {
        return compact;
      }
    }
    return writeWithJackson(value, pretty);
  }

  /** Reads UTF-8 text lent to it in a buffer: {@code utf8[0, length)}. */
  @FunctionalInterface
  public interface Utf8Reader<R> {
    R read(byte[] utf8, int length);
  }

  /**
   * Writes a value's compact UTF-8 text, the bytes {@link #writeBytes(JsonValue, boolean)} gives,
   * and lends it to {@code reader} in a buffer of this thread's rather than copying it out: for a
   * caller that hashes or decodes the text and keeps neither the bytes nor the buffer (which is
   * written over once the reader returns).
   */
  public static <R> R readCompact(JsonValue value, Utf8Reader<R> reader) {
    return CompactJson.read(value, reader);
  }

  /** What Jackson's generator writes; {@link CompactJson} writes the same bytes faster. */
  static byte[] writeWithJackson(JsonValue value, boolean pretty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(value, out, pretty);
    return out.toByteArray();
  }

  public static void write(JsonValue value, OutputStream out, boolean pretty) {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      if (pretty) {
        DefaultPrettyPrinter printer =
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        g.setPrettyPrinter(printer);
      }
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      writeValue(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeValue(JsonGenerator g, JsonValue value) throws IOException {
    switch (value) {
      case JsonObject o -> {
        g.writeStartObject();
        for (int i = 0; i < o.size(); i++) {
          g.writeFieldName(o.nameAt(i));
          writeValue(g, o.valueAt(i));
        }
        g.writeEndObject();
      }
      case JsonArray a -> {
        g.writeStartArray();
        for (JsonValue e : a.elements()) {
          writeValue(g, e);
        }
        g.writeEndArray();
      }
      case JsonString s -> g.writeString(s.value());
      case JsonNumber n -> g.writeNumber(n.text());
      case JsonBoolean b -> g.writeBoolean(b.value());
      case JsonNull ignored -> g.writeNull();
    }
  }
}
