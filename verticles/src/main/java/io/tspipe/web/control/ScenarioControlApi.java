package io.tspipe.web.control;

import io.tspipe.bus.Addresses;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.ScenarioRequest;
import io.tspipe.truth.ScenarioRequestException;
import io.tspipe.web.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.UUID;

/**
 * Scenario runs of the built-in generator, started and stopped by an admin (the routes check the admin key):
 * <ul>
 *   <li>{@code POST /api/v1/generator/scenarios} {@code {"scenario", <knob>: value...}}: the body is checked with
 *   {@link ScenarioRequest#parse} (the catalogue's names, knobs and bounds), a run id is drawn here and a
 *   {@link ControlCommand.Start} sent; answers {@code {"runId", "scenario", "parameters", "running", "delivered"}},
 *   {@code parameters} holding every knob as asked or by default;</li>
 *   <li>{@code DELETE /api/v1/generator/scenarios/{runId}}: sends a {@link ControlCommand.Stop}; answers
 *   {@code {"runId", "running", "delivered"}}, or empty when the generator in this process knows no such run.</li>
 * </ul>
 * Commands go through the {@link GeneratorChannel}: the generator's reply when it runs in this process
 * ({@code delivered: "event-bus"}), else the control topic under the key {@value #KEY} ({@code delivered: "kafka"},
 * {@code running: null}). A command the generator refuses (reply code 400, message {@code field: reason}) is a
 * {@link BadRequest} naming that field.
 */
public final class ScenarioControlApi {

  /** The control topic's key of scenario commands. */
  public static final String KEY = "scenario";

  private final GeneratorChannel generator;

  public ScenarioControlApi(GeneratorChannel generator) {
    this.generator = generator;
  }

  /** Starts a run; a {@link BadRequest} naming the field for a body that is no runnable request. */
  public Future<JsonObject> start(JsonObject body) {
    ScenarioRequest request = request(body);
    UUID runId = UUID.randomUUID();
    JsonObject answer = new JsonObject()
      .put("runId", runId.toString())
      .put("scenario", request.scenario().wireName())
      .put("parameters", request.parameters().copy());
    return generator.send(Addresses.GENERATOR_CONTROL, new ControlCommand.Start(runId, request).toJson(), KEY)
      .recover(ScenarioControlApi::refusedByGenerator)
      .map(delivery -> answer.put("running", delivery.overKafka() ? null : delivery.reply().getValue("running"))
        .put("delivered", delivery.delivered()));
  }

  /** Stops the run {@code runId}; empty when the generator in this process replies that it knows no such run. */
  public Future<Optional<JsonObject>> stop(String runIdText) {
    UUID runId = UUID.fromString(runIdText);
    return generator.send(Addresses.GENERATOR_CONTROL, new ControlCommand.Stop(runId).toJson(), KEY)
      .map(delivery -> Optional.of(new JsonObject()
        .put("runId", runId.toString())
        .put("running", delivery.overKafka() ? null : delivery.reply().getValue("running"))
        .put("delivered", delivery.delivered())))
      .recover(failure -> unknownRun(failure) ? Future.succeededFuture(Optional.empty())
        : refusedByGenerator(failure));
  }

  private static ScenarioRequest request(JsonObject body) {
    try {
      return ScenarioRequest.parse(body);
    } catch (ScenarioRequestException refused) {
      throw new BadRequest(refused.field(), refused.reason());
    }
  }

  private static boolean unknownRun(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.failureCode() == 404;
  }

  /** The generator's 400 reply ({@code field: reason}) as a {@link BadRequest}; any other failure as it is. */
  private static <T> Future<T> refusedByGenerator(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.failureCode() == 400) {
      String message = String.valueOf(reply.getMessage());
      int colon = message.indexOf(": ");
      return colon > 0
        ? Future.failedFuture(new BadRequest(message.substring(0, colon), message.substring(colon + 2)))
        : Future.failedFuture(new BadRequest("body", message));
    }
    return Future.failedFuture(failure);
  }
}
