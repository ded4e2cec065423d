package dev.lacuna.server.job.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * Wakes workers that wait for a job (a claim with {@code wait}) as soon as one becomes claimable, instead of
 * letting each find it at its next poll: with polling every second, the second sweep of an evaluation started on
 * average half a second after the first, a tenth of a short sweep (docs/benchmarks.md, "Scaling and status load").
 * The herder fires {@link Queued} when it queues a job; the signal observes it only after that transaction
 * commits, so a woken claim finds the row. Expired leases make jobs claimable without any event: waiting claims
 * therefore also look again every {@link #RECHECK}.
 */
@ApplicationScoped
public class QueueSignal {

    /** Longest a waiting claim sleeps between two looks at the queue. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    /** A transaction queued at least one job. */
    public record Queued() {
    }

    private final Object lock = new Object();
    private long generation;

    void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued event) {
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
    }

    /** How many committed transactions have queued jobs so far; pass it to {@link #awaitAfter}. */
    public long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /**
     * Waits until a transaction after {@code seen} has queued jobs, or {@code max} (at most {@link #RECHECK}) passed.
     *
     * @throws InterruptedException when the request's thread is interrupted (the server stops)
     */
    public void awaitAfter(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(max.toNanos(), RECHECK.toNanos());
        synchronized (lock) {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
