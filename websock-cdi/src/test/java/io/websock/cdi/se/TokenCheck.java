package io.websock.cdi.se;

import io.websock.UpgradeCheck;
import io.websock.UpgradeDecision;
import io.websock.UpgradeRequest;
import io.websock.cdi.UpgradeCheckFor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** Only for {@link GuardedHandler}, after {@link StampCheck}: a token is required. */
@ApplicationScoped
@Priority(20)
@UpgradeCheckFor(GuardedHandler.class)
public class TokenCheck implements UpgradeCheck {

    @Override
    public UpgradeDecision check(UpgradeRequest request) {
        if (!"secret".equals(request.queryParameter("token"))) {
            return UpgradeDecision.reject(401, "token required");
        }
        Object stamp = request.attribute("stamp"); // attached by the earlier check
        return UpgradeDecision.permit().withAttribute("user", "ann").withAttribute("sawStamp", String.valueOf(stamp));
    }
}
