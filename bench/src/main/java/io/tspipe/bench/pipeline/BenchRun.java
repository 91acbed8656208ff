package io.tspipe.bench.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What the phases of a {@link PipelineBench} run work with: the pipeline on the local engines ({@link LocalPipeline}),
 * the options, the harness's Vert.x and the figures reported. Blocking: the orchestrating thread only.
 */
final class BenchRun extends LocalPipeline {

  /** The harness's name, and the ClickHouse database its roles store into. */
  static final String DATABASE = "bench";

  private final HarnessOptions options;
  private final Vertx vertx;
  private final JsonObject results = new JsonObject();

  /** A run from the repository {@code repo}, printing to {@code out}; the load it generates runs on {@code vertx}. */
  BenchRun(HarnessOptions options, Path repo, PrintStream out, Vertx vertx) {
    super(new Site(DATABASE, options.dataDir(), options.basePort()), repo, out);
    this.options = options;
    this.vertx = vertx;
  }

  HarnessOptions options() {
    return options;
  }

  Vertx vertx() {
    return vertx;
  }

  /** The report's figures, each phase's under its own key. */
  JsonObject results() {
    return results;
  }
}
