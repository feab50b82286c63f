package io.websock.cdi.se;

import io.websock.cdi.probe.Probe;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Counts intercepted calls by method name. */
@Counted
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class CountingInterceptor {
    @AroundInvoke
    Object count(InvocationContext invocation) throws Exception {
        Probe.increment("intercepted." + invocation.getMethod().getName());
        return invocation.proceed();
    }
}
