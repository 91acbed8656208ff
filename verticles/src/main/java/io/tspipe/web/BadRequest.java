package io.tspipe.web;

/**
 * Input the API refuses, naming the field at fault as a path into the request ({@code filters.type[1]}, {@code page},
 * {@code id}). Answered as HTTP 400 with {@code {"error": "bad_request", "field": …, "message": …}}.
 */
public final class BadRequest extends RuntimeException {

  private final String field;

  public BadRequest(String field, String problem) {
    super(field + ": " + problem, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
