package io.tspipe.bench;

import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures the latency of the web role's investigator queries ({@code --mix search}) or of the dashboard's read APIs
 * ({@code --mix dashboard}) from the outside, as {@code tools/measure-search} runs it: see {@link BenchOptions#USAGE}.
 * Exit status: 0 measured, 1 failed or some measured requests failed, 2 bad arguments.
 */
public final class SearchLatency {

  private SearchLatency() {
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs the command; answers its exit status. The calling thread blocks until the run is over. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Optional<BenchOptions> options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException bad) {
      err.println("measure-search: " + bad.getMessage());
      err.print(BenchOptions.USAGE);
      return 2;
    }
    if (options.isEmpty()) {
      out.print(BenchOptions.USAGE);
      return 0;
    }
    Vertx vertx = Vertx.vertx();
    try {
      return measure(vertx, options.get(), out, err);
    } finally {
      vertx.close().await();
    }
  }

  private static int measure(Vertx vertx, BenchOptions options, PrintStream out, PrintStream err) {
    Instant startedAt = Instant.now();
    SearchLoadVerticle load = new SearchLoadVerticle(options, out, err);
    SearchLoadVerticle.Run run;
    try {
      vertx.deployVerticle(load).await();
      run = load.finished().await();
    } catch (RuntimeException failure) {
      err.println("measure-search: " + failure.getMessage());
      return 1;
    }
    double seconds = run.elapsedNanos() / 1e9;
    if (options.mix() == Mix.SEARCH) {
      out.printf(Locale.ROOT, "%nmeasure-search: %.1f s measured with %d requests in flight against %s%n"
        + "  latency: client-observed wall time of the requests answered 200; meili ms: Meilisearch's mean "
        + "processingTimeMs%n%n", seconds, options.concurrency(), options.url());
    } else {
      out.printf(Locale.ROOT, "%nmeasure-search: %s mix, %.1f s measured with %d requests in flight against %s%n"
        + "  latency: client-observed wall time of the requests answered 200; meili ms: none, Meilisearch answers "
        + "none of these%n%n", options.mix().label(), seconds, options.concurrency(), options.url());
    }
    out.print(Report.table(run.figures()));
    if (options.json().isPresent()) {
      Path file = options.json().get();
      try {
        Files.writeString(file, Report.json(options, startedAt, seconds, run.sampled(), run.figures())
          .encodePrettily() + System.lineSeparator());
        out.println("measure-search: figures written to " + file);
      } catch (IOException failure) {
        err.println("measure-search: cannot write " + file + ": " + failure);
        return 1;
      }
    }
    if (run.errors() > 0) {
      err.println("measure-search: " + run.errors() + " measured requests were not answered 200 (see the errors "
        + "column): these figures are not those of a healthy API");
      return 1;
    }
    return 0;
  }
}
