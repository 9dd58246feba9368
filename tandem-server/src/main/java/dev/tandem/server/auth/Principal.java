package dev.tandem.server.auth;

/**
 * Who is making the current request, and how they proved it.
 *
 * @param user the user
 * @param method {@code basic}, {@code token} or {@code session}
 * @param session the dashboard session (null unless {@code method} is {@code session})
 */
public record Principal(User user, String method, Sessions.Session session) {
  public String workspace() {
    return user.workspace();
  }

  public String name() {
    return user.name();
  }
}
