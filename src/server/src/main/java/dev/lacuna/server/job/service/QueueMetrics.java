package dev.lacuna.server.job.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The queue's depth on {@code /q/metrics} as {@code lacuna_jobs{state=...}}, what an autoscaler (KEDA) scales GPU
 * workers on. Counted every few seconds off the request path, so a scrape never waits on the database.
 */
@ApplicationScoped
public class QueueMetrics {

    private static final Logger LOG = Logger.getLogger(QueueMetrics.class);
    private static final long PERIOD_SECONDS = 5;

    @Inject
    MeterRegistry registry;

    @Inject
    Jobs jobs;

    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private ScheduledExecutorService counter;

    void start(@Observes StartupEvent event) {
        for (String state : new String[] {"queued", "running", "done", "failed", "cancelled"}) {
            counts.put(state, 0L);
            Gauge.builder("lacuna_jobs", counts, c -> c.getOrDefault(state, 0L)).tag("state", state)
                    .description("Jobs in the queue by state").register(registry);
        }
        counter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "queue-metrics");
            t.setDaemon(true);
            return t;
        });
        counter.scheduleWithFixedDelay(this::count, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void count() {
        try {
            counts.putAll(jobs.countByState());
        } catch (RuntimeException e) {
            LOG.debugf("queue metrics not counted: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (counter != null) {
            counter.shutdownNow();
        }
    }
}
