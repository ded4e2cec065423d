package dev.lacuna.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian Chromium driven through its matching chromedriver, for page tests. Paths can be
 * overridden with {@code CHROMIUM_BINARY} and {@code CHROMEDRIVER}; nothing is downloaded. Each browser
 * gets a fresh profile folder, removed again by {@link #quit()}.
 */
final class Browser {

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    ChromeDriver driver() {
        return driver;
    }

    void quit() {
        driver.quit();
        dev.lacuna.server.TestFiles.deleteRecursively(profile);
    }

    static Browser start() {
        String binary = System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(binary)) || !Files.isExecutable(Path.of(driver))) {
            throw new IllegalStateException("page tests need Chromium and chromedriver (Debian packages chromium and "
                    + "chromium-driver; .ci/run installs them); not found at " + binary + " and " + driver);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("lacuna-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(binary)
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(driver).toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    /** A fresh browser around every test of a class: {@code @RegisterExtension final Browser.PerTest session = new Browser.PerTest();}. */
    static final class PerTest implements BeforeEachCallback, AfterEachCallback {

        private Browser current;

        @Override
        public void beforeEach(ExtensionContext context) {
            current = start();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            current.quit();
            current = null;
        }

        ChromeDriver driver() {
            return current.driver();
        }
    }
}
