/**
 * Testing CDI {@code @WebSockHandler} beans in-JVM with Weld SE and fakes of their dependencies
 * ({@link io.websock.test.cdi.WeldInJvm}). Needs {@code websock-cdi} and {@code weld-se-core} on the test class path.
 */
package io.websock.test.cdi;
