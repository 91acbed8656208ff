package io.tspipe.bus;

/**
 * Every event-bus address, in one place. The bus is for in-process fan-out and control only: anything
 * that must survive a restart travels through Kafka.
 */
public final class Addresses {

  /**
   * Request/reply: force the generator's attack mode. Body: {@code {"mode": "on"|"off"|"auto"}}.
   * Reply: {@code {"mode": ..., "attacking": bool}}; a bad mode fails with code 400.
   */
  public static final String GENERATOR_ATTACK_MODE = "generator.attack.mode";

  /**
   * Request/reply: a {@code io.tspipe.truth.ControlCommand} for the generator in this process (start or stop a
   * scenario run). Reply: {@code {"runId", "scenario", "parameters", "running": bool}}; a command the generator cannot
   * run fails with code 400 and the message {@code field: reason}, an unknown run with 404.
   */
  public static final String GENERATOR_CONTROL = "generator.control";

  /**
   * Publish: one live metrics tick of the web role, every {@code web.liveTickMs}, for its SSE subscribers. Body: the
   * tick as {@code GET /api/v1/stream/metrics} sends it.
   */
  public static final String LIVE_METRICS_TICK = "web.live.metrics";

  /**
   * Publish: after every live metrics tick, the alerts it changed and those firing. Body: {@code {"changes": [alert],
   * "firing": [alert]}}, each alert as {@code GET /api/v1/stream/alerts} sends it.
   */
  public static final String LIVE_ALERTS = "web.live.alerts";

  /**
   * Publish: one detection record as it arrived on the {@code detections} topic, read once per web process, for the
   * SSE subscribers of {@code GET /api/v1/stream/detections} and the process's verdict view. Body: the record's JSON
   * ({@code io.tspipe.detection.Detection}).
   */
  public static final String LIVE_DETECTIONS = "web.live.detections";

  private Addresses() {
  }
}
