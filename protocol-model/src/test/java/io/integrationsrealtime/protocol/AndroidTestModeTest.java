package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The second, Android-like test run really has a Jackson that cannot see records (and the first one can). */
class AndroidTestModeTest {

    @Test
    void jacksonSeesRecordsExceptInTheAndroidRun() {
        assertThat(AndroidTestMode.jacksonSeesRecords()).isEqualTo(!AndroidTestMode.enabled());
    }
}
