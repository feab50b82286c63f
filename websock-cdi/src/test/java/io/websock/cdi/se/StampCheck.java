package io.websock.cdi.se;

import io.websock.UpgradeCheck;
import io.websock.UpgradeDecision;
import io.websock.UpgradeRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** Applies to every handler (no @UpgradeCheckFor) and runs first: permits, stamping the request. */
@ApplicationScoped
@Priority(10)
public class StampCheck implements UpgradeCheck {

    @Override
    public UpgradeDecision check(UpgradeRequest request) {
        return UpgradeDecision.permit().withAttribute("stamp", "first");
    }
}
