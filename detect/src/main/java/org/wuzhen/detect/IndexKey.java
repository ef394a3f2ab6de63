package org.wuzhen.detect;

import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.pattern.ObjectPath;

/**
 * One thing the engine can look up in an event: if a comparison holds for an object, the key for
 * that comparison hits some value its path reaches. Keys are necessary conditions, never
 * sufficient: the reference evaluator decides on the indicators they select.
 */
sealed interface IndexKey {
  ObjectPath path();

  /** Lookup cost class, lower is cheaper and more selective; used to pick one AND operand. */
  int cost();

  /** {@code =} / {@code IN}: a string, a number (stripped BigDecimal) or a Boolean. */
  record Exact(ObjectPath path, Object value) implements IndexKey {
    @Override
    public int cost() {
      return 0;
    }
  }

  /** {@code ISSUBSET}: the value is an address or block inside {@code block}. */
  record InBlock(ObjectPath path, IpNetwork block) implements IndexKey {
    @Override
    public int cost() {
      return 0;
    }
  }

  /** {@code LIKE 'abc'} without wildcards: the NFC value equals {@code text} (NFC too). */
  record Like(ObjectPath path, String text) implements IndexKey {
    @Override
    public int cost() {
      return 0;
    }
  }

  /** {@code LIKE 'abc%...'}: the NFC value starts with {@code text}. */
  record Prefix(ObjectPath path, String text) implements IndexKey {
    @Override
    public int cost() {
      return 1;
    }
  }

  /** {@code LIKE '...%.example.org'}: the NFC value ends with {@code text}. */
  record Suffix(ObjectPath path, String text) implements IndexKey {
    @Override
    public int cost() {
      return 1;
    }
  }

  /** {@code LIKE '%abc%'}: the NFC value contains {@code text}, the longest literal part. */
  record Contains(ObjectPath path, String text) implements IndexKey {
    @Override
    public int cost() {
      return 2;
    }
  }

  /** {@code MATCHES}: the regex finds a match in the NFC value (exactly the comparison). */
  record Regex(ObjectPath path, com.google.re2j.Pattern regex) implements IndexKey {
    @Override
    public int cost() {
      return 3;
    }
  }
}
