package org.wuzhen.detect;

import java.nio.charset.StandardCharsets;

/**
 * One pass over the bytes of a JSON-lines record that is a flat object (members whose values are
 * scalars or arrays of scalars, as Zeek writes them), remembering where each member's value is so
 * that only the members a reader needs are ever decoded. It accepts a line only when it is sure
 * {@link org.wuzhen.stix.Json#parse} accepts it too: RFC 8259 syntax as Jackson reads it by
 * default, ASCII only, no duplicate member names, member names without escapes, no string escape of
 * a surrogate. Anything else (nested objects, non-ASCII bytes, numbers of more than 1,000
 * characters) is refused, and the caller reads the line the slow, exact way. Allocates nothing per
 * line once its arrays have grown. Mutable; one per reader.
 */
final class FlatJsonScan {
  static final byte STRING = 1;
  static final byte NUMBER = 2;
  static final byte LITERAL = 3;
  static final byte NULL = 4;
  static final byte ARRAY = 5;

  private static final int MAX_MEMBERS = 256;
  private static final int MAX_NUMBER = 1000;

  private byte[] b;
  private int members;

  // Sized for the most members a line may have, so that neither path tests for room per member.
  private final int[] nameStart = new int[MAX_MEMBERS];
  private final int[] nameEnd = new int[MAX_MEMBERS];
  private final int[] nameHash = new int[MAX_MEMBERS];
  private final byte[] kind = new byte[MAX_MEMBERS];
  private final int[] valueStart = new int[MAX_MEMBERS];
  private final int[] valueEnd = new int[MAX_MEMBERS];
  private final int[] flags = new int[MAX_MEMBERS];
  private final int[] firstElement = new int[MAX_MEMBERS];
  private final int[] elementCount = new int[MAX_MEMBERS];
  private int elements;
  private byte[] elementKind = new byte[64];
  private int[] elementStart = new int[64];
  private int[] elementEnd = new int[64];
  private int[] elementFlags = new int[64];

  /** A string holding an escape; a number with a fraction or exponent. */
  static final int ESCAPED = 1;

  static final int NOT_INTEGER = 2;

  private int scannedFlags;

  /**
   * The members of the current line by name hash: open addressing, a slot holding member + 1 and
   * valid only when its stamp is the line's, so nothing is cleared between lines.
   */
  private final int[] slotMember = new int[2 * MAX_MEMBERS];

  private final int[] slotStamp = new int[2 * MAX_MEMBERS];
  private int stamp;

  /** The key of each member's name ({@link #keyName}). */
  private final long[] nameFirst = new long[MAX_MEMBERS];

  private final long[] nameLast = new long[MAX_MEMBERS];
  private final long[] nameMiddle = new long[MAX_MEMBERS];

  private static final int SHAPE_BITS = 6;

  /**
   * The names of lines seen, by a hash of their keys (a log's lines take a few shapes: a field
   * unset is left out), each checked once for duplicates in the table: a line of a known shape
   * needs neither its names hashed nor the table filled, and its members are found in the shape's
   * own table.
   */
  private final LineShape[] shapes = new LineShape[1 << SHAPE_BITS];

  {
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = new LineShape(); // empty: matches no line
    }
  }

  private int shapesKept;
  private LineShape shape;

  /**
   * Scans {@code [start, stop)}; true when it is a flat object this scan is sure of. The position
   * is a local passed along and returned (-1: refused) rather than a field, and names and plain
   * strings are read by the one eight-byte loop of {@link #plain}: the hot path of a line is this
   * loop and a few small methods, whatever the JIT inlines.
   */
  boolean scan(byte[] bytes, int start, int stop) {
    if (stop > bytes.length - ByteLines.SLACK) {
      return scanCopy(bytes, start, stop);
    }
    int end = object(bytes, start, stop);
    return end >= 0 && JsonBytes.trailing(bytes, end, stop) == stop;
  }

  /**
   * Reads the object at {@code start} (after spaces) to its closing brace, as {@link #scan} does,
   * whatever follows the brace before {@code stop}: the index after the brace, or -1 when refused.
   * At least {@link ByteLines#SLACK} bytes of the array must follow {@code stop}. An object
   * accepted holds no line end (no string, space or token of it is one), so a reader may take the
   * line to end at the first line end after the brace without looking for it first.
   */
  int object(byte[] bytes, int start, int stop) {
    forgetNowAndThen();
    b = bytes;
    int kind = ShapeGuesses.kind(bytes, start, stop);
    int end = predicted(kind, bytes, start, stop);
    if (end < 0) {
      end = named(bytes, start, stop);
      if (end >= 0) {
        guesses.took(kind, shape);
      }
    }
    return end;
  }

  /**
   * Reads the object as a line of a shape guessed ({@link ShapeGuesses}): each {@code "name":}
   * compared in place with the shape's, only the values scanned; a line that leaves the guess goes
   * on as another recent shape with the same members so far, and one that leaves them all (another
   * shape, spaces, a new log) is read again by {@link #named}: -1. Such a line has its names
   * neither keyed nor stored: the shape's were, when it was kept, and checked for duplicates.
   */
  private int predicted(int kind, byte[] bytes, int start, int stop) {
    LineShape s = guesses.first(kind);
    elements = 0;
    int at = start;
    for (int m = 0; ; m++) {
      int next = s.segment(m, bytes, at, stop);
      if (next < 0) {
        s = guesses.other(kind, s, m, bytes, at, stop);
        if (s == null) {
          return -1;
        }
        next = s.segment(m, bytes, at, stop);
      }
      if (m == s.count()) {
        members = m;
        shape = s;
        guesses.took(kind, s);
        guessed++;
        return next;
      }
      at =
          next < stop && bytes[next] == '['
              ? array(m, bytes, next, stop)
              : member(m, bytes, next, stop);
      if (at < 0) {
        return -1;
      }
    }
  }

  private final ShapeGuesses guesses = new ShapeGuesses();

  /** Lines read as a shape guessed, for tests and diagnostics. */
  private long guessed;

  long guessed() {
    return guessed;
  }

  /** {@link #object} by reading each name and finding the line's names among the shapes kept. */
  private int named(byte[] bytes, int start, int stop) {
    members = 0;
    elements = 0;
    shape = null;
    long running = 0;
    int at = JsonBytes.space(bytes, start, stop);
    if (at >= stop || bytes[at] != '{') {
      return -1;
    }
    at = JsonBytes.space(bytes, at + 1, stop);
    if (at < stop && bytes[at] == '}') {
      return shaped(running) ? at + 1 : -1;
    }
    while (true) {
      if (members == MAX_MEMBERS || at >= stop || bytes[at] != '"') {
        return -1;
      }
      int m = members;
      int close = JsonBytes.plain(bytes, at + 1, stop);
      if (close >= stop || bytes[close] != '"') {
        return -1; // an escape, a control char or a byte beyond ASCII in a name
      }
      nameStart[m] = at + 1;
      nameEnd[m] = close;
      running = keyName(m, running);
      at = JsonBytes.space(bytes, close + 1, stop);
      if (at >= stop || bytes[at] != ':') {
        return -1;
      }
      at = JsonBytes.space(bytes, at + 1, stop);
      at = at < stop && bytes[at] == '[' ? array(m, bytes, at, stop) : member(m, bytes, at, stop);
      if (at < 0) {
        return -1;
      }
      members++;
      at = JsonBytes.space(bytes, at, stop);
      if (at < stop && bytes[at] == '}') {
        return shaped(running) ? at + 1 : -1;
      }
      if (at >= stop || bytes[at] != ',') {
        return -1;
      }
      at = JsonBytes.space(bytes, at + 1, stop);
    }
  }

  private byte[] padded = new byte[256];

  /**
   * A line whose array ends less than {@link ByteLines#SLACK} bytes after it (not one of {@link
   * ByteLines}'s, whose buffer always has that slack) is scanned in a copy that does: every word
   * read of the scan may then run past the line's end, as it does there.
   */
  private boolean scanCopy(byte[] bytes, int start, int stop) {
    int n = stop - start;
    if (padded.length < n + ByteLines.SLACK) {
      padded = new byte[n + ByteLines.SLACK];
    }
    System.arraycopy(bytes, start, padded, 0, n);
    return scan(padded, 0, n);
  }

  /**
   * Finds the line's names among the shapes seen (the same names in the same order as a line
   * before, as a log's lines mostly are), or checks them for a duplicate in the table and keeps
   * them as a new shape; false on a duplicate.
   */
  private boolean shaped(long shapeHash) {
    // Two ways per hash, so that two frequent shapes of one hash do not take turns.
    int slot = (int) (shapeHash >>> (64 - SHAPE_BITS));
    LineShape known = shapes[slot];
    if (known.matches(members, nameFirst, nameLast, nameMiddle, nameStart, nameEnd, b)) {
      shape = known;
      return true;
    }
    LineShape other = shapes[slot ^ 1];
    if (other.matches(members, nameFirst, nameLast, nameMiddle, nameStart, nameEnd, b)) {
      shape = other;
      return true;
    }
    return newShape(slot, known, other);
  }

  /**
   * Checks the line's names for a duplicate in the table and keeps them as a new shape in the first
   * way of its slot, the one there moving to the second (whose object is reused); false on a
   * duplicate.
   */
  private boolean newShape(int slot, LineShape known, LineShape other) {
    if (++stamp == 0) { // after 2^32 tables: no slot may look current by chance
      java.util.Arrays.fill(slotStamp, 0);
      stamp = 1;
    }
    for (int m = 0; m < members; m++) {
      int h = JsonBytes.mix(nameFirst[m], nameLast[m], nameEnd[m] - nameStart[m]);
      nameHash[m] = h;
      if (!insert(m, h)) {
        return false; // a duplicate name: Json.parse refuses the line
      }
    }
    shapes[slot ^ 1] = known;
    shapes[slot] = other;
    other.keep(
        members, nameFirst, nameLast, nameMiddle, nameStart, nameEnd, nameHash, b, ++shapesKept);
    shape = other;
    return true;
  }

  /**
   * Lines scanned, counted up to {@link #FORGET_UNTIL}. The JIT compiles the scan from a profile of
   * its first few hundred lines, by when a log's few shapes are all known: without forgetting them
   * now and then, the path of a new shape would be compiled as a trap, and the first line of a
   * second log (shapes of its own) would throw the whole compiled scan away to be compiled again.
   * Forgetting the shapes at every {@value #FORGET_EVERY}th of the first {@value #FORGET_UNTIL}
   * lines keeps that path in the profile, for a few shapes kept again per reader.
   */
  private int scanned;

  private static final int FORGET_EVERY = 128;
  private static final int FORGET_UNTIL = 2048;

  private void forgetNowAndThen() {
    int n = scanned;
    scanned = n + ((n - FORGET_UNTIL) >>> 31); // stays at FORGET_UNTIL
    // Due at a multiple of FORGET_EVERY below FORGET_UNTIL: one test, by arithmetic, so that the
    // end of the forgetting is no path the profile has not seen.
    if ((((n & (FORGET_EVERY - 1)) - 1) & (n - FORGET_UNTIL)) < 0) {
      for (LineShape s : shapes) {
        s.forget();
      }
      guesses.clear();
    }
  }

  /**
   * Notes the key of member {@code m}'s name (its first and last 8 bytes, the 8 after the first
   * when longer than 16, and its length) and folds it into the running hash of the line's names.
   */
  private long keyName(int m, long running) {
    int s = nameStart[m];
    int e = nameEnd[m];
    int n = e - s;
    // The line has ByteLines.SLACK bytes after it, so each word read stays in the array; a
    // short name's key and the middle are masked rather than branched on (the dns log's names are
    // all shorter than 17 bytes: a branch there would be compiled as a trap that the ssl log hits).
    long word = (long) JsonBytes.LONGS.get(b, s);
    long first = n >= 8 ? word : word & ((1L << (n << 3)) - 1);
    long last = JsonBytes.lastKey(b, s, e);
    long middle = (long) JsonBytes.LONGS.get(b, s + 8) & ((long) (16 - n) >> 63);
    nameFirst[m] = first;
    nameLast[m] = last;
    nameMiddle[m] = middle;
    return (running ^ first ^ Long.rotateLeft(last, 23) ^ Long.rotateLeft(middle, 41) ^ n)
        * 0x9E3779B97F4A7C15L;
  }

  /** A scalar member's value at {@code at}: its end, or -1 when refused. */
  private int member(int m, byte[] bytes, int at, int stop) {
    valueStart[m] = at;
    int e = scalar(bytes, at, stop);
    kind[m] = scannedKind;
    valueEnd[m] = e;
    flags[m] = scannedFlags;
    return e;
  }

  /** An array member from its '[': its end, or -1 when refused. */
  private int array(int m, byte[] bytes, int at, int stop) {
    valueStart[m] = at; // an array's raw bytes, brackets included, for MissMemo
    kind[m] = ARRAY;
    flags[m] = 0;
    firstElement[m] = elements;
    at = JsonBytes.space(bytes, at + 1, stop);
    // An empty array leaves by the same test as the end of any other (the dns log has none, the
    // ssl log many: a test of its own would be compiled as a trap on the dns log's lines).
    boolean afterComma = false;
    while (true) {
      if (at < stop && bytes[at] == ']' && !afterComma) {
        at++;
        break;
      }
      growElements();
      int e = elements;
      elementStart[e] = at;
      at = scalar(bytes, at, stop);
      if (at < 0) {
        return -1;
      }
      elementKind[e] = scannedKind;
      elementEnd[e] = at;
      elementFlags[e] = scannedFlags;
      elements++;
      at = JsonBytes.space(bytes, at, stop);
      afterComma = at < stop && bytes[at] == ',';
      if (afterComma) {
        at = JsonBytes.space(bytes, at + 1, stop);
      } else if (at >= stop || bytes[at] != ']') {
        return -1;
      }
    }
    elementCount[m] = elements - firstElement[m];
    valueEnd[m] = at;
    return at;
  }

  private byte scannedKind;

  /**
   * A string, number or literal at {@code at}: its end, or -1 when refused; its kind in {@link
   * #scannedKind}, its flags in {@link #scannedFlags}.
   */
  private int scalar(byte[] bytes, int at, int stop) {
    scannedFlags = 0;
    if (at >= stop) {
      return -1;
    }
    byte c = bytes[at];
    if (c == '"') {
      scannedKind = STRING;
      int close = JsonBytes.plain(bytes, at + 1, stop);
      return close < stop && bytes[close] == '"' ? close + 1 : escaped(bytes, close, stop);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      scannedKind = NUMBER;
      return number(bytes, at, stop);
    }
    scannedKind = LITERAL;
    if (c == 't') {
      return JsonBytes.literal(bytes, at, stop, TRUE);
    }
    if (c == 'f') {
      return JsonBytes.literal(bytes, at, stop, FALSE);
    }
    scannedKind = NULL;
    return c == 'n' ? JsonBytes.literal(bytes, at, stop, NULL_WORD) : -1;
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL_WORD = {'n', 'u', 'l', 'l'};

  /** RFC 8259 §6 number; Jackson's default refuses leading zeros as the grammar does. */
  private int number(byte[] bytes, int at, int stop) {
    int start = at;
    if (bytes[at] == '-') {
      at++;
    }
    if (at < stop && bytes[at] == '0') {
      at++; // a single zero
    } else {
      int d = JsonBytes.digits(bytes, at, stop);
      if (d == at) {
        return -1;
      }
      at = d;
    }
    if (at < stop && bytes[at] == '.') {
      scannedFlags |= NOT_INTEGER;
      int d = JsonBytes.digits(bytes, at + 1, stop);
      if (d == at + 1) {
        return -1;
      }
      at = d;
    }
    if (at < stop && (bytes[at] == 'e' || bytes[at] == 'E')) {
      at++;
      scannedFlags |= NOT_INTEGER;
      if (at < stop && (bytes[at] == '+' || bytes[at] == '-')) {
        at++;
      }
      int d = JsonBytes.digits(bytes, at, stop);
      if (d == at) {
        return -1;
      }
      at = d;
    }
    return at - start <= MAX_NUMBER ? at : -1;
  }

  /**
   * The rest of a string from a special byte at {@code at} (or the line's end): its end after the
   * closing quote, or -1 when refused; notes {@link #ESCAPED}.
   */
  private int escaped(byte[] bytes, int at, int stop) {
    while (true) {
      if (at >= stop) {
        return -1;
      }
      byte c = bytes[at];
      if (c == '"') {
        return at + 1;
      }
      if (c < 0x20) {
        return -1; // a control char, or (negative) a byte beyond ASCII
      }
      // a backslash: JsonBytes.plain() stops at nothing else
      scannedFlags |= ESCAPED;
      if (at + 1 >= stop) {
        return -1;
      }
      byte e = bytes[at + 1];
      if (e == 'u') {
        if (at + 6 > stop) {
          return -1;
        }
        int v = JsonBytes.hex4(bytes, at + 2);
        if (v < 0 || (v >= 0xD800 && v <= 0xDFFF)) {
          return -1;
        }
        at += 6;
      } else if ("\"\\/bfnrt".indexOf(e) < 0) {
        return -1;
      } else {
        at += 2;
      }
      at = JsonBytes.plain(bytes, at, stop);
    }
  }

  private void growElements() {
    if (elements == elementKind.length) {
      int n = elements * 2;
      elementKind = java.util.Arrays.copyOf(elementKind, n);
      elementStart = java.util.Arrays.copyOf(elementStart, n);
      elementEnd = java.util.Arrays.copyOf(elementEnd, n);
      elementFlags = java.util.Arrays.copyOf(elementFlags, n);
    }
  }

  private static final int SLOT_BITS = Integer.numberOfTrailingZeros(2 * MAX_MEMBERS);

  private static int home(int hash) {
    return (hash * 0x9E3779B9) >>> (32 - SLOT_BITS);
  }

  /** Adds member {@code m}; false when a member of the same name is already there. */
  private boolean insert(int m, int h) {
    int mask = slotMember.length - 1;
    for (int i = home(h); ; i = (i + 1) & mask) {
      if (slotStamp[i] != stamp) {
        slotStamp[i] = stamp;
        slotMember[i] = m;
        return true;
      }
      int other = slotMember[i];
      if (nameHash[other] == h
          && java.util.Arrays.equals(
              b, nameStart[other], nameEnd[other], b, nameStart[m], nameEnd[m])) {
        return false;
      }
    }
  }

  /** The member of that name (ASCII, {@code hash} its {@link #nameHash}), or -1. */
  int member(byte[] name, int hash) {
    return shape == null ? -1 : shape.member(name, hash);
  }

  /**
   * The shape of the line just scanned, a number that changes whenever its names do (their order
   * included): a member found by name on one line is at the same place on a later line of the same
   * shape, so a reader may keep what it looked up per shape.
   */
  int shape() {
    return shape == null ? 0 : shape.id;
  }

  /** The member of that name, or -1. */
  int member(String name) {
    byte[] ascii = asciiNames.get(name);
    if (ascii == null) {
      for (int i = 0; i < name.length(); i++) {
        if (name.charAt(i) > 0x7f) {
          return -1; // the scan accepts ASCII names only
        }
      }
      ascii = name.getBytes(StandardCharsets.US_ASCII);
      if (asciiNames.size() < 256) {
        asciiNames.put(name, ascii);
      }
    }
    return member(ascii, JsonBytes.nameHash(ascii, 0, ascii.length));
  }

  /**
   * The bytes of the names readers ask for: the mappings' own few names, asked for on every line
   * built (bounded in case a caller's names are not).
   */
  private final java.util.Map<String, byte[]> asciiNames = new java.util.HashMap<>();

  /** The text of a number member as written. */
  String raw(int m) {
    return new String(b, valueStart[m], valueEnd[m] - valueStart[m], StandardCharsets.ISO_8859_1);
  }

  /** As {@link org.wuzhen.stix.JsonValue#kind()} names it, for messages. */
  String kindName(int m) {
    return switch (kind[m]) {
      case STRING -> "string";
      case NUMBER -> "number";
      case LITERAL -> "boolean";
      case NULL -> "null";
      default -> "array";
    };
  }

  byte kind(int m) {
    return kind[m];
  }

  /** Whether a string member holds an escape. */
  boolean escaped(int m) {
    return (flags[m] & ESCAPED) != 0;
  }

  boolean integer(int m) {
    return (flags[m] & NOT_INTEGER) == 0;
  }

  /** Digits of an integer member, sign excluded. */
  int integerDigits(int m) {
    return valueEnd[m] - valueStart[m] - (b[valueStart[m]] == '-' ? 1 : 0);
  }

  /** Digits before the point of a number member, sign excluded; -1 with an exponent. */
  int wholeDigits(int m) {
    int i = valueStart[m] + (b[valueStart[m]] == '-' ? 1 : 0);
    int start = i;
    while (i < valueEnd[m] && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    for (int j = i; j < valueEnd[m]; j++) {
      if (b[j] == 'e' || b[j] == 'E') {
        return -1;
      }
    }
    return i - start;
  }

  int elementCount(int m) {
    return elementCount[m];
  }

  byte elementKind(int m, int i) {
    return elementKind[firstElement[m] + i];
  }

  /** Whether element {@code i} of an array member is a string holding an escape. */
  boolean elementEscaped(int m, int i) {
    return (elementFlags[firstElement[m] + i] & ESCAPED) != 0;
  }

  /** Where element {@code i} of an array member starts: a string's quote. */
  int elementStart(int m, int i) {
    return elementStart[firstElement[m] + i];
  }

  int elementEnd(int m, int i) {
    return elementEnd[firstElement[m] + i];
  }

  /** A string member's value, decoded. */
  String text(int m) {
    return decode(valueStart[m], valueEnd[m], flags[m]);
  }

  String elementText(int m, int i) {
    int e = firstElement[m] + i;
    return decode(elementStart[e], elementEnd[e], elementFlags[e]);
  }

  /** Whether a string member's content equals the ASCII {@code text}. */
  boolean textEquals(int m, byte[] text) {
    int s = valueStart[m] + 1;
    int n = valueEnd[m] - 1 - s;
    if ((flags[m] & ESCAPED) != 0 || n != text.length) {
      return false;
    }
    if (n > 16) {
      return java.util.Arrays.equals(b, s, s + n, text, 0, n);
    }
    for (int i = 0; i < n; i++) { // short, as log names are: no call out for a vector compare
      if (b[s + i] != text[i]) {
        return false;
      }
    }
    return true;
  }

  /** Where a member's value starts: a string's quote, a number's first char, an array's '['. */
  int valueStart(int m) {
    return valueStart[m];
  }

  int valueEnd(int m) {
    return valueEnd[m];
  }

  byte[] bytes() {
    return b;
  }

  /** The content of the quoted string at {@code [start, stop)}: ASCII, escapes as RFC 8259 §7. */
  private String decode(int start, int stop, int f) {
    if ((f & ESCAPED) == 0) {
      return new String(b, start + 1, stop - start - 2, StandardCharsets.ISO_8859_1);
    }
    StringBuilder out = new StringBuilder(stop - start);
    for (int i = start + 1; i < stop - 1; i++) {
      char c = (char) b[i];
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = (char) b[++i];
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) JsonBytes.hex4(b, i + 1));
          i += 4;
        }
        default -> out.append(e); // " \ /
      }
    }
    return out.toString();
  }
}
