package dev.yocto.resources.compute.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.config.ConfigException;
import dev.yocto.resources.config.StackConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {

    @Test
    void plainHttpOnlyForALoopbackRegistry() {
        assertThat(Registry.parse("127.0.0.1:5000")).isEqualTo(new Registry("127.0.0.1:5000", true));
        assertThat(Registry.parse("http://localhost:5000")).isEqualTo(new Registry("localhost:5000", true));
        assertThat(Registry.parse("http://[::1]:5000")).isEqualTo(new Registry("[::1]:5000", true));
        assertThat(Registry.parse("registry.example.com")).isEqualTo(new Registry("registry.example.com", false));
        assertThat(Registry.parse("https://registry.example.com:8443/x"))
                .isEqualTo(new Registry("registry.example.com:8443", false));
        assertThatThrownBy(() -> Registry.parse("http://registry.example.com:5000"))
                .hasMessageContaining("registry.example.com:5000 must be reached over HTTPS");
        assertThat(Registry.parse("127.0.0.1.example.com").plainHttp()).isFalse();
        assertThatThrownBy(() -> Registry.parse("http://127.0.0.1.example.com"))
                .hasMessageContaining("must be reached over HTTPS");
        assertThatThrownBy(() -> Registry.parse("http://10.0.0.7"))
                .hasMessageContaining("plain HTTP only for a registry on this machine");
    }

    @Test
    void theEnvironmentsPlainHttpRegistryElsewhereIsAConfigurationError() {
        StackConfig.Image image = new StackConfig.Image("app", "linux/arm64");

        assertThatThrownBy(() -> ImageSettings.backend(image, Map.of("YOCTO_REGISTRY", "http://registry.example.com")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("YOCTO_REGISTRY")
                .hasMessageContaining("must be reached over HTTPS");
        assertThat(ImageSettings.backend(image, Map.of("YOCTO_REGISTRY", "http://127.0.0.1:5000")).registry())
                .contains("http://127.0.0.1:5000");
    }
}
