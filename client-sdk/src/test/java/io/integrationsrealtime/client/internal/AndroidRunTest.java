package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.AndroidTestMode;
import org.json.JSONObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tests tagged "android" run twice (client-sdk/pom.xml): as usual, and as on Android. This
 * checks that each run really is what it claims, so the Android run cannot quietly become a second
 * desktop run: Android's org.json in place of the JSON-java jar, and a Jackson that cannot see
 * records (AndroidTestMode).
 */
@Tag("android")
class AndroidRunTest {

    @Test
    void theAndroidRunHasAndroidsOrgJsonAndAJacksonBlindToRecords() {
        boolean android = AndroidTestMode.enabled();
        String jar = JSONObject.class.getProtectionDomain().getCodeSource().getLocation().toString();

        assertThat(jar).contains(android ? "android-json" : "/org/json/json/");
        assertThat(OrgJson.android()).isEqualTo(android);
        assertThat(AndroidTestMode.jacksonSeesRecords()).isEqualTo(!android);
    }
}
