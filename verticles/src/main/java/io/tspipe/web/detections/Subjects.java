package io.tspipe.web.detections;

import io.tspipe.detection.EntityKind;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What detections, labels and verdicts are about: an entity of {@link EntityKind}, its value checked per kind and put
 * in the canonical form the profiles use: an IP address, a user's UUID (lower-cased), an email address, an AS number,
 * a CIDR network (host bits zero), or {@code *} for the stream as a whole.
 */
public final class Subjects {

  /** The one value of the {@code stream} kind: the whole event stream. */
  public static final String STREAM = "*";

  private Subjects() {
  }

  /** The kind named {@code name}; a {@link BadRequest} naming {@code field} otherwise. */
  public static EntityKind kind(String field, String name) {
    return EntityKind.fromWireName(name).orElseThrow(() -> new BadRequest(field, "'" + Values.shorten(name)
      + "' is not one of " + EntityKind.allowedValues()));
  }

  /** {@code value} checked as a {@code kind} and in canonical form; a {@link BadRequest} naming {@code field}. */
  public static String value(String field, EntityKind kind, String value) {
    return switch (kind) {
      case IP -> Values.ip(field, value);
      case USER -> Values.uuid(field, value);
      case EMAIL -> Values.email(field, value);
      case ASN -> Values.asn(field, value);
      case PREFIX -> Values.cidr(field, value);
      case STREAM -> {
        if (!STREAM.equals(value)) {
          throw new BadRequest(field, "the stream kind has the one value *, got '" + Values.shorten(value) + "'");
        }
        yield value;
      }
    };
  }

  /** The entity's profile, {@code /api/v1/entities/{kind}/{value}}; null for the stream, which has none. */
  public static String href(String kind, String value) {
    if (EntityKind.STREAM.wireName().equals(kind)) {
      return null;
    }
    return "/api/v1/entities/" + kind + "/" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
