package io.websock.it.jetty;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Makes Jetty load the test WAR's classes from the WAR first, as a standalone Jetty does: the WAR carries
 * its own websock libraries and Weld, and must not pick up the copies on the test JVM's class path. (The
 * adapter's {@code classloaderBehavior} property cannot be set from arquillian.xml: it does not parse.)
 */
public final class WebAppFirst implements LoadableExtension, WebAppContextProcessor {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(WebAppContextProcessor.class, WebAppFirst.class);
    }

    @Override
    public void process(WebAppContext context, Archive<?> archive) {
        context.setParentLoaderPriority(false);
    }
}
