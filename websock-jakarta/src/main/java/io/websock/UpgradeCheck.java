package io.websock;

/**
 * User code that sees an upgrade request before the upgrade and decides it — the analogue of Phoenix's
 * {@code connect/1} and Quarkus' {@code HttpUpgradeCheck}. Attach checks with
 * {@link WebSockOptions.Builder#upgradeChecks}; they run in list order, after early validation, the
 * origin policy and subprotocol negotiation, and the first {@link UpgradeDecision.Reject} ends the run.
 * Each check sees the attributes the earlier ones attached ({@link UpgradeRequest#attributes()}).
 *
 * <pre>{@code
 * UpgradeCheck auth = request -> {
 *     User user = tokens.verify(request.queryParameter("token"));
 *     return user == null
 *             ? UpgradeDecision.reject(401, "bad token").withHeader("WWW-Authenticate", "Bearer")
 *             : UpgradeDecision.permit().withAttribute("user", user);
 * };
 * }</pre>
 *
 * <p>Implementations must be thread-safe: one instance decides every upgrade of its endpoint, possibly
 * concurrently. A check that throws or returns {@code null} refuses the upgrade with 500 and is logged.
 */
@FunctionalInterface
public interface UpgradeCheck {

    /** Permits (optionally attaching attributes and response headers) or rejects {@code request}. */
    UpgradeDecision check(UpgradeRequest request) throws Exception;
}
