package io.tspipe.web.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tells hostile traffic from the data alone, never from the generator's flag: an account-takeover wave shows as a
 * login failure rate far above the everyday few percent, from few source IPs. With too few logins in the window to
 * judge, the status is {@code quiet}.
 *
 * @param minimumLogins    logins the window needs before it is judged
 * @param failureThreshold login failure rate at or above which the traffic is judged an attack
 */
public record AttackIndicator(long minimumLogins, double failureThreshold) {

  public static final AttackIndicator DEFAULT = new AttackIndicator(20, 0.30);

  /**
   * The verdict and its evidence: {@code {"status": "attack"|"normal"|"quiet", "loginFailureRate", "logins",
   * "failedLogins", "failureIps", "topFailureIps": [{"ip", "failures"}], "topIpShare"}}.
   */
  public JsonObject assess(long logins, long failedLogins, long failureIps, JsonArray topFailureIps) {
    long fromTop = topFailureIps.stream().mapToLong(ip -> ((JsonObject) ip).getLong("failures")).sum();
    Double failureRate = logins == 0 ? null : (double) failedLogins / logins;
    String status = logins < minimumLogins ? "quiet" : failureRate >= failureThreshold ? "attack" : "normal";
    return new JsonObject()
      .put("status", status)
      .put("loginFailureRate", failureRate)
      .put("logins", logins)
      .put("failedLogins", failedLogins)
      .put("failureIps", failureIps)
      .put("topFailureIps", topFailureIps)
      .put("topIpShare", failedLogins == 0 ? null : (double) fromTop / failedLogins)
      .put("threshold", failureThreshold);
  }
}
