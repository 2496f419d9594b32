package io.capsulemq.rar;

/**
 * Runs code that starts threads under the adapter's own context class loader. A thread inherits its creator's
 * context class loader, and the adapter's threads (broker, producer, consumers) are often created on an
 * application's thread: they would keep that application's class loader alive after it is undeployed.
 */
public final class AdapterLoader {
    /** An action that may throw. */
    @FunctionalInterface
    public interface Action<T, E extends Exception> {
        T run() throws E;
    }

    private AdapterLoader() {
    }

    public static <T, E extends Exception> T call(Action<T, E> action) throws E {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(AdapterLoader.class.getClassLoader());
        try {
            return action.run();
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
