package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the heap in use of running roles once a second from their {@code /metrics}
 * ({@code jvm_memory_used_bytes{area="heap"}}, all pools) on a thread of its own, keeping each role's high-water mark.
 */
final class RoleSampler implements AutoCloseable {

  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final List<RoleProcess> roles;
  private final Map<String, Double> heapHighWater = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private RoleSampler(List<RoleProcess> roles) {
    this.roles = List.copyOf(roles);
    this.thread = new Thread(this::sample, "role-sampler");
    this.thread.setDaemon(true);
  }

  static RoleSampler start(List<RoleProcess> roles) {
    RoleSampler sampler = new RoleSampler(roles);
    sampler.thread.start();
    return sampler;
  }

  /** The largest heap in use seen for {@code role}, in bytes; 0 if never sampled. */
  double heapHighWaterBytes(String role) {
    return heapHighWater.getOrDefault(role, 0.0);
  }

  private void sample() {
    while (running) {
      for (RoleProcess role : roles) {
        try {
          double heap = Exposition.sum(role.metrics(), "jvm_memory_used_bytes", "area=\"heap\"");
          heapHighWater.merge(role.name(), heap, Math::max);
        } catch (IOException e) {
          // a role that stopped has nothing more to tell
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }
}
