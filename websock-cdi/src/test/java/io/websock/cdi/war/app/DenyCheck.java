package io.websock.cdi.war.app;

import io.websock.UpgradeCheck;
import io.websock.UpgradeDecision;
import io.websock.UpgradeRequest;
import io.websock.cdi.UpgradeCheckFor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** An upgrade-check bean of the WAR: refuses {@code ?deny=1} with a real 403 (the filter answers it). */
@ApplicationScoped
@Priority(5)
@UpgradeCheckFor(WarHandler.class)
public class DenyCheck implements UpgradeCheck {

    @Override
    public UpgradeDecision check(UpgradeRequest request) {
        return "1".equals(request.queryParameter("deny"))
                ? UpgradeDecision.reject(403, "denied")
                : UpgradeDecision.permit();
    }
}
