package org.wuzhen.detect;

/**
 * Where a {@link StreamMatcher} also keeps the observations its windows hold, so that a matcher
 * started again (another process, after a crash) takes them back with {@link StreamMatcher#restore}
 * and completes the patterns they began: the Kafka deployment keeps them in a changelogged store.
 * Each held observation has a sequence number, unique in its matcher and increasing in the order
 * the observations were held.
 */
public interface ObservationJournal {
  /** Keeps nothing: a matcher whose windows live and die with it. */
  ObservationJournal NONE =
      new ObservationJournal() {
        @Override
        public void held(String indicatorId, long sequence, Event event) {}

        @Override
        public void released(String indicatorId, long sequence) {}
      };

  /** The window of {@code indicatorId} now holds {@code event}. */
  void held(String indicatorId, long sequence, Event event);

  /**
   * The window of {@code indicatorId} no longer holds that observation (expired, matched, full).
   */
  void released(String indicatorId, long sequence);
}
