package dev.tandem.server;

/**
 * A request the server's services refuse, with the HTTP status it maps to and a message for the
 * user (naming the field or thing and the reason). The REST API answers {@code {"error": message}};
 * dashboard pages show the message.
 */
public final class ServiceException extends RuntimeException {
  private final int status;

  public ServiceException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 400: the input is wrong. */
  public static ServiceException invalid(String message) {
    return new ServiceException(400, message);
  }

  /** 404: no such thing in the caller's workspace (also for another workspace's things). */
  public static ServiceException notFound(String message) {
    return new ServiceException(404, message);
  }

  /** 409: the request conflicts with what exists (a duplicate name, a connection in use). */
  public static ServiceException conflict(String message) {
    return new ServiceException(409, message);
  }

  /** 403: the caller is known but may not do this (only admins manage users). */
  public static ServiceException forbidden(String message) {
    return new ServiceException(403, message);
  }
}
