package org.wuzhen.pattern;

import java.util.Random;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * A {@link Random} whose every draw is taken from a QuickTheories source, so that what a test
 * builds with it is recorded, replayed and shrunk by QuickTheories: a smaller draw is an earlier
 * choice, a shorter list and a smaller number, so a failing pattern shrinks toward a simple one.
 * Confined to the generator that is handed the source.
 */
final class DrawnRandom extends Random {
  private static final long serialVersionUID = 1L;

  private final transient RandomnessSource source;

  DrawnRandom(RandomnessSource source) {
    this.source = source;
  }

  @Override
  protected int next(int bits) {
    return (int) source.next(Constraint.between(0, (1L << bits) - 1));
  }
}
