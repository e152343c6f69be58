package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.databind.util.ClassUtil;
import java.lang.reflect.Field;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Test runs "as on Android" (system property {@code test.platform=android}, set by the poms'
 * second surefire runs): before any test, Jackson is made blind to records, as it is on a device.
 *
 * <p>Why: Android before API 34 has no record reflection ({@code Class.isRecord},
 * {@code getRecordComponents}); AGP's D8 turns records into plain classes. Jackson finds records
 * through {@code Class.isRecord} alone, so on such a device it binds the protocol's records as
 * plain classes: only their annotations ({@code @JsonProperty} on every component) make them
 * JSON. On the JVM Jackson looks the method up once, into {@code ClassUtil.IS_RECORD}; this clears
 * that field, so every mapper in the test JVM (the client's, the server's, netty-socketio's) binds
 * the records the way a device does. {@link #jacksonSeesRecords()} lets a test check it worked.
 *
 * <p>Registered through {@code META-INF/services} in protocol-model's test fixtures
 * ({@code src/testFixtures}), which protocol-model's and client-sdk's tests compile in.
 */
public final class AndroidTestMode implements LauncherSessionListener {

    /** Whether this test JVM runs as on Android. */
    public static boolean enabled() {
        return "android".equals(System.getProperty("test.platform"));
    }

    /** Whether Jackson binds records as records (false on Android before API 34, and in this mode). */
    public static boolean jacksonSeesRecords() {
        return ClassUtil.isRecordType(ErrorInfo.class);
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (enabled()) {
            hideRecordsFromJackson();
        }
    }

    private static void hideRecordsFromJackson() {
        try {
            // Initialise first, or its static initialiser would look the method up again later.
            Class.forName(ClassUtil.class.getName(), true, ClassUtil.class.getClassLoader());
            Field isRecord = ClassUtil.class.getDeclaredField("IS_RECORD");
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            // A static final field: reflection cannot write it, Unsafe can (test JVMs only).
            unsafe.putObject(unsafe.staticFieldBase(isRecord), unsafe.staticFieldOffset(isRecord), null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make Jackson blind to records (Jackson's internals changed?)", e);
        }
    }
}
