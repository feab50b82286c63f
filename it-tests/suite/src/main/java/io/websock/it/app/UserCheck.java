package io.websock.it.app;

import io.websock.UpgradeCheck;
import io.websock.UpgradeDecision;
import io.websock.UpgradeRequest;
import io.websock.cdi.UpgradeCheckFor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Requires a {@code user} query parameter (401 without one, 403 for "mallory"); a permitted upgrade carries
 * the user as the attribute {@code user} and the response header {@code X-User} (S3).
 */
@ApplicationScoped
@UpgradeCheckFor(CheckHandler.class)
public class UserCheck implements UpgradeCheck {

    @Override
    public UpgradeDecision check(UpgradeRequest request) {
        String user = request.queryParameter("user");
        if (user == null || user.isBlank()) {
            return UpgradeDecision.reject(401, "user required").withHeader("WWW-Authenticate", "User");
        }
        if (user.equals("mallory")) {
            return UpgradeDecision.reject(403, "not you");
        }
        return UpgradeDecision.permit().withAttribute("user", user).withHeader("X-User", user);
    }
}
