package dev.opendrive.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;

/** V4 signing is pure computation: checked offline with a freshly generated service-account key. */
class GcsSignedUrlTest {

    @Test
    void signsAV4DownloadUrlThatNamesTheFile() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        ServiceAccountCredentials credentials = ServiceAccountCredentials.newBuilder()
                .setClientEmail("opendrive@example-project.iam.gserviceaccount.com")
                .setPrivateKey((RSAPrivateKey) rsa.generateKeyPair().getPrivate())
                .setProjectId("example-project")
                .build();
        GcsStorageProvider gcs = new GcsStorageProvider(LocalStorageHelper.getOptions().getService(), "drive-bucket",
                credentials);
        URI url = URI.create(gcs.signedDownloadUrl("files/u/f", Duration.ofMinutes(15), "rapport é.pdf",
                "application/pdf"));
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getPath()).isEqualTo("/drive-bucket/files/u/f");
        String query = url.getRawQuery();
        assertThat(query).contains("X-Goog-Algorithm=GOOG4-RSA-SHA256");
        assertThat(query).contains("X-Goog-Expires=900");
        assertThat(query).contains("X-Goog-Credential=opendrive%40example-project.iam.gserviceaccount.com");
        assertThat(query).contains("X-Goog-Signature=");
        assertThat(query).contains("response-content-disposition=attachment");
        assertThat(query).contains("response-content-type=application%2Fpdf");
    }
}
