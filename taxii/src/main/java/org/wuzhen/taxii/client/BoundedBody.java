package org.wuzhen.taxii.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads a response body into memory, never more than a bound: a declared Content-Length over the
 * bound is refused before any of the body is read, and an undeclared or understated length stops at
 * the first buffer that would cross it. Either way the subscription is cancelled, which closes the
 * connection, so a sender that never stops cannot make the client read on. The body is held once,
 * plus one trimming copy at the end when its length was not declared.
 *
 * <p>Driven by the HTTP client's threads one signal at a time (reactive streams rule 1.3).
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Result> {
  /** How much is allocated before the first bytes arrive when the length is not declared. */
  private static final int FIRST_CHUNK = 16 << 10;

  /** What was read. */
  sealed interface Result {
    record Complete(byte[] bytes) implements Result {}

    /**
     * @param length the declared length, or the bytes that had arrived when reading stopped
     */
    record TooLarge(long length, boolean declared) implements Result {}

    /**
     * @param received the bytes that had arrived at the deadline
     */
    record TimedOut(long received) implements Result {}
  }

  /** One timer thread for every client's deadlines: it only cancels, it never reads. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> Thread.ofPlatform().daemon().name("wuzhen-taxii-client-deadlines").unstarted(r));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private final long max;
  private final long declared;
  private final long deadlineNanos;
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private ScheduledFuture<?> timer;
  private byte[] buffer;
  private int size;

  private BoundedBody(long max, long declared, long deadlineNanos) {
    this.max = max;
    this.declared = declared;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * A handler whose bodies hold at most {@code max} bytes and stop arriving at {@code
   * deadlineNanos} ({@link System#nanoTime()}).
   */
  static HttpResponse.BodyHandler<Result> handler(long max, long deadlineNanos) {
    return info -> {
      long declared;
      try {
        declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      } catch (NumberFormatException e) {
        declared = -1; // not a length: read as if undeclared, bounded all the same
      }
      return new BoundedBody(max, declared, deadlineNanos);
    };
  }

  @Override
  public CompletionStage<Result> getBody() {
    return result;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declared > max) {
      finish(new Result.TooLarge(declared, true));
      return;
    }
    buffer = new byte[(int) (declared >= 0 ? declared : Math.min(FIRST_CHUNK, max))];
    timer =
        DEADLINES.schedule(this::expire, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    s.request(1);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      if ((long) size + n > max) {
        finish(new Result.TooLarge((long) size + n, false));
        return;
      }
      if (size + n > buffer.length) {
        long grown = Math.max((long) size + n, Math.min((long) buffer.length * 2, max));
        buffer = Arrays.copyOf(buffer, (int) grown);
      }
      item.get(buffer, size, n);
      size += n;
    }
    subscription.request(1);
  }

  @Override
  public synchronized void onError(Throwable failure) {
    stopTimer();
    buffer = null;
    result.completeExceptionally(failure);
  }

  @Override
  public synchronized void onComplete() {
    stopTimer();
    if (!result.isDone()) {
      result.complete(
          new Result.Complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size)));
      buffer = null;
    }
  }

  private synchronized void expire() {
    if (!result.isDone()) {
      finish(new Result.TimedOut(size));
    }
  }

  /**
   * Stops reading: the connection is closed, what was read is dropped. The result is set first:
   * cancelling may signal an error back at once, and that must not be the result.
   */
  private void finish(Result end) {
    stopTimer();
    buffer = null;
    result.complete(end);
    subscription.cancel();
  }

  private void stopTimer() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
