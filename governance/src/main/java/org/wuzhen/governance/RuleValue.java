package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/** The value of one charter rule; which shape a rule takes is fixed by {@link CharterRule}. */
public sealed interface RuleValue {
  JsonValue toJson();

  /** A whole number. */
  record Whole(long value) implements RuleValue {
    @Override
    public JsonValue toJson() {
      return JsonNumber.of(value);
    }
  }

  /** A decimal number, kept exactly (no binary floating point in tallies). */
  record Decimal(BigDecimal value) implements RuleValue {
    public Decimal {
      requireNonNull(value, "value");
      value = value.stripTrailingZeros();
    }

    @Override
    public JsonValue toJson() {
      return new JsonNumber(value.toPlainString());
    }
  }

  /** Yes or no. */
  record Flag(boolean value) implements RuleValue {
    @Override
    public JsonValue toJson() {
      return JsonBoolean.of(value);
    }
  }

  /** One word from the rule's list of choices. */
  record Choice(String value) implements RuleValue {
    public Choice {
      requireNonNull(value, "value");
    }

    @Override
    public JsonValue toJson() {
      return new JsonString(value);
    }
  }

  /** Member names (for {@code voting.proposers}: who may propose). */
  record Names(List<String> value) implements RuleValue {
    public Names {
      value = List.copyOf(value);
    }

    @Override
    public JsonValue toJson() {
      return new JsonArray(value.stream().map(n -> (JsonValue) new JsonString(n)).toList());
    }
  }
}
