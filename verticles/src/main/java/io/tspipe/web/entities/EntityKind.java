package io.tspipe.web.entities;

import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;

/**
 * What an investigator pivots on: the column that holds it, its ClickHouse parameter type, how its value is checked,
 * and which other kinds of entity are listed as related (a user's IPs and emails, an IP's users, an email's users).
 */
public enum EntityKind {
  USER("user", "user_id", "UUID", Values::uuid),
  IP("ip", "source_ip", "String", Values::ip),
  EMAIL("email", "recipient_email", "String", Values::email);

  private final String pathName;
  private final String column;
  private final String parameterType;
  private final BinaryOperator<String> check;

  EntityKind(String pathName, String column, String parameterType, BinaryOperator<String> check) {
    this.pathName = pathName;
    this.column = column;
    this.parameterType = parameterType;
    this.check = check;
  }

  public String pathName() {
    return pathName;
  }

  /** The column holding this kind of value, a trusted identifier. */
  public String column() {
    return column;
  }

  public String parameterType() {
    return parameterType;
  }

  /** The value, checked and in canonical form; a {@link BadRequest} naming {@code field} otherwise. */
  public String checked(String field, String value) {
    return check.apply(field, value);
  }

  public List<EntityKind> related() {
    return switch (this) {
      case USER -> List.of(IP, EMAIL);
      case IP, EMAIL -> List.of(USER);
    };
  }

  /** The plural used as a key in answers: {@code users}, {@code ips}, {@code emails}. */
  public String plural() {
    return pathName + "s";
  }

  public static EntityKind parse(String field, String name) {
    return Arrays.stream(values()).filter(kind -> kind.pathName.equals(name == null ? "" : name.toLowerCase(Locale.ROOT)))
      .findFirst()
      .orElseThrow(() -> new BadRequest(field, "'" + Values.shorten(name) + "' is not one of "
        + Arrays.stream(values()).map(EntityKind::pathName).collect(Collectors.joining(", "))));
  }
}
