package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URL;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The two checks every Forwarding* class must pass (each method overridden, each method forwarded with its
 * own arguments and result), plus the unwrap rule. Reflection and {@link Proxy} are test-only here.
 *
 * @param <I> the JDBC interface the forwarding class implements
 */
abstract class ForwardingTestSupport<I extends Wrapper> {

    /** What the forwarding object's {@code delegate()} returns. */
    interface DelegateSource<I> {
        I get() throws SQLException;
    }

    /** One call the recording delegate received, with the value it answered. */
    private record Call(Method method, Object[] args, Object returned) {
    }

    private final Class<I> iface;
    private final Class<? extends I> forwardingClass;

    protected ForwardingTestSupport(Class<I> iface, Class<? extends I> forwardingClass) {
        this.iface = iface;
        this.forwardingClass = forwardingClass;
    }

    /** A concrete instance of the forwarding class whose {@code delegate()} returns {@code delegates.get()}. */
    abstract I forwarding(DelegateSource<I> delegates);

    @Test
    void everyInterfaceMethodIsOverridden() throws NoSuchMethodException {
        List<String> missing = new ArrayList<>();
        for (Method method : interfaceMethods()) {
            Method implementation = forwardingClass.getMethod(method.getName(), method.getParameterTypes());
            Class<?> owner = implementation.getDeclaringClass();
            boolean ownedByForwarding = !owner.isInterface() && owner.isAssignableFrom(forwardingClass)
                    && owner.getSimpleName().startsWith("Forwarding");
            if (!ownedByForwarding || Modifier.isAbstract(implementation.getModifiers())) {
                missing.add(describe(method) + " (resolves to " + owner.getSimpleName() + ")");
            }
        }
        assertEquals(List.of(), missing, forwardingClass.getSimpleName() + " does not override");
    }

    @Test
    void everyMethodReachesTheDelegateWithTheSameArguments() {
        I[] current = newDelegateHolder();
        I forwarding = forwarding(() -> current[0]);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Method method : interfaceMethods()) {
            if (isWrapperMethod(method)) {
                continue;
            }
            // Twice, with other arguments, another answer and a fresh delegate: catches constants and caching.
            for (int run = 0; run < 2; run++) {
                List<Call> calls = new ArrayList<>();
                current[0] = recordingDelegate(calls, run);
                Object[] args = arguments(method, run);
                Object result;
                try {
                    result = method.invoke(forwarding, args);
                } catch (InvocationTargetException e) {
                    failures.add(describe(method) + " threw " + e.getCause());
                    continue;
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                checked++;
                String problem = compare(method, args, result, calls);
                if (problem != null) {
                    failures.add(describe(method) + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), failures, forwardingClass.getSimpleName() + " does not forward faithfully");
        assertTrue(checked > 0);
    }

    @Test
    void unwrapNeverExposesTheDelegate() throws SQLException {
        List<Call> calls = new ArrayList<>();
        I delegate = recordingDelegate(calls, 0);
        I forwarding = forwarding(() -> delegate);

        assertSame(forwarding, forwarding.unwrap(iface));
        assertSame(forwarding, forwarding.unwrap(forwardingClass));
        assertSame(forwarding, forwarding.unwrap(Wrapper.class));
        assertTrue(forwarding.isWrapperFor(iface));
        assertTrue(forwarding.isWrapperFor(Wrapper.class));

        // Savepoint: an interface no forwarding class implements.
        assertFalse(forwarding.isWrapperFor(Savepoint.class));
        SQLException refused = assertThrows(SQLException.class, () -> forwarding.unwrap(Savepoint.class));
        assertEquals("HY000", refused.getSQLState());
        assertFalse(forwarding.isWrapperFor(delegate.getClass()));
        assertThrows(SQLException.class, () -> forwarding.unwrap(delegate.getClass()));

        assertEquals(List.of(), calls, "unwrap and isWrapperFor must not consult the delegate");
    }

    private static boolean isWrapperMethod(Method method) {
        return method.getName().equals("unwrap") || method.getName().equals("isWrapperFor");
    }

    /** Every public instance method of the interface and its super-interfaces, in a stable order. */
    private List<Method> interfaceMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method method : iface.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                methods.add(method);
            }
        }
        methods.sort(Comparator.comparing(ForwardingTestSupport::describe));
        assertFalse(methods.isEmpty());
        return methods;
    }

    private static String describe(Method method) {
        return method.getName() + Arrays.toString(method.getParameterTypes());
    }

    private static String compare(Method method, Object[] args, Object result, List<Call> calls) {
        if (calls.size() != 1) {
            return "expected one call on the delegate, got " + calls.stream().map(c -> describe(c.method())).toList();
        }
        Call call = calls.get(0);
        if (!call.method().getName().equals(method.getName())
                || !Arrays.equals(call.method().getParameterTypes(), method.getParameterTypes())) {
            return "the delegate received " + describe(call.method());
        }
        for (int i = 0; i < args.length; i++) {
            if (!sameArgument(method.getParameterTypes()[i], args[i], call.args()[i])) {
                return "argument " + i + " was " + call.args()[i] + ", expected " + args[i];
            }
        }
        if (method.getReturnType() != void.class
                && !sameArgument(method.getReturnType(), call.returned(), result)) {
            return "returned " + result + " instead of the delegate's " + call.returned();
        }
        return null;
    }

    private static boolean sameArgument(Class<?> type, Object expected, Object actual) {
        return type.isPrimitive() ? expected.equals(actual) : expected == actual;
    }

    @SuppressWarnings("unchecked")
    private I[] newDelegateHolder() {
        return (I[]) java.lang.reflect.Array.newInstance(iface, 1);
    }

    /** A delegate that records every call and answers with a value made for that call. */
    private I recordingDelegate(List<Call> calls, int run) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, "recording " + iface.getSimpleName());
            }
            Object returned = value(method.getReturnType(), run, 0);
            calls.add(new Call(method, args == null ? new Object[0] : args, returned));
            return returned;
        };
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
    }

    /** Arguments that differ by position and by run, so swapped or constant arguments show. */
    private static Object[] arguments(Method method, int run) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = value(types[i], run, i + 1);
        }
        return args;
    }

    /** A value of {@code type}, distinct for each (run, position); a fresh instance for reference types. */
    private static Object value(Class<?> type, int run, int position) {
        int seed = 100 * (run + 1) + position;
        if (type == void.class) {
            return null;
        } else if (type == boolean.class) {
            return (run + position) % 2 == 0;
        } else if (type == byte.class) {
            return (byte) seed;
        } else if (type == short.class) {
            return (short) seed;
        } else if (type == int.class) {
            return seed;
        } else if (type == long.class) {
            return seed * 1_000_000_007L;
        } else if (type == float.class) {
            return seed + 0.5f;
        } else if (type == double.class) {
            return seed + 0.25;
        } else if (type == String.class) {
            return new String("value-" + seed);
        } else if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 1);
        } else if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[seed % constants.length];
        } else if (type.isInterface()) {
            return dummy(type, seed);
        } else if (type == Object.class) {
            return new Object();
        } else if (type == Class.class) {
            List<Class<?>> classes = List.of(String.class, Integer.class, Long.class, Double.class, Object.class);
            return classes.get((2 * run + position) % classes.size());
        } else if (type == BigDecimal.class) {
            return new BigDecimal(seed);
        } else if (type == Date.class) {
            return new Date(seed);
        } else if (type == Time.class) {
            return new Time(seed);
        } else if (type == Timestamp.class) {
            return new Timestamp(seed);
        } else if (type == Calendar.class) {
            return Calendar.getInstance();
        } else if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {(byte) seed});
        } else if (type == Reader.class) {
            return new StringReader("reader-" + seed);
        } else if (type == URL.class) {
            try {
                return new URL("http://example.invalid/" + seed);
            } catch (MalformedURLException e) {
                throw new AssertionError(e);
            }
        } else if (type == Properties.class) {
            return new Properties();
        } else if (type == Map.class) {
            return new HashMap<>();
        } else if (type == SQLWarning.class) {
            return new SQLWarning("warning-" + seed);
        }
        throw new AssertionError("no test value for " + type.getName() + ": add one to ForwardingTestSupport");
    }

    /** A stand-in for an interface-typed argument or result; only its identity matters. */
    private static Object dummy(Class<?> type, int seed) {
        String name = "dummy " + type.getSimpleName() + " " + seed;
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, name);
            }
            throw new UnsupportedOperationException(name + " was used: " + method);
        };
        return Proxy.newProxyInstance(type.getClassLoader() == null ? ForwardingTestSupport.class.getClassLoader()
                : type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return name;
        }
    }
}
