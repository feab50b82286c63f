package io.websock.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits an {@link io.websock.UpgradeCheck} bean to the {@link WebSockHandler} beans it names. A check
 * bean without it applies to every handler. Checks run in {@code @Priority} order (lowest first; checks
 * without a priority last, by class name), before the upgrade, each seeing the attributes of the earlier
 * ones. Naming a class that is not a {@code @WebSockHandler} bean is a definition error.
 *
 * <pre>{@code
 * @ApplicationScoped @Priority(100) @UpgradeCheckFor(ChatHandler.class)
 * public class RequireUser implements UpgradeCheck {
 *     public UpgradeDecision check(UpgradeRequest request) {
 *         String user = request.queryParameter("user");
 *         return user == null ? UpgradeDecision.reject(401, "user required")
 *                             : UpgradeDecision.permit().withAttribute("user", user);
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UpgradeCheckFor {

    /** The handler bean classes this check applies to. */
    Class<?>[] value();
}
