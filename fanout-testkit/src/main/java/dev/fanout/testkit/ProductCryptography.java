package dev.fanout.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.InvocationTargetException;

/**
 * A JUnit extension, registered for every test class of a module that depends on this kit (by service loading,
 * with {@code junit.jupiter.extensions.autodetection.enabled}), that sets up MINA SSHD's cryptography as fanout's
 * {@code main} does ({@code MinaTransport.setUpCryptography()}), before any test class can touch MINA, so that
 * tests run with the product's engines whatever order they run in. Does nothing where fanout-ssh is not on the
 * class path. Stateless.
 */
public final class ProductCryptography implements BeforeAllCallback {
    private static final String TRANSPORT = "dev.fanout.ssh.MinaTransport";

    @Override
    public void beforeAll(ExtensionContext context) throws ReflectiveOperationException {
        Class<?> transport;
        try {
            transport = Class.forName(TRANSPORT);
        } catch (ClassNotFoundException e) {
            return;
        }
        try {
            transport.getMethod("setUpCryptography").invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("setting up MINA's cryptography failed", e.getCause());
        }
    }
}
