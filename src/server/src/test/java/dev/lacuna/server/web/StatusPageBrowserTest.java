package dev.lacuna.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

@QuarkusTest
class StatusPageBrowserTest {

    @TestHTTPResource("/status")
    URL home;

    private Browser session;
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        session = Browser.start();
        browser = session.driver();
    }

    @AfterEach
    void closeBrowser() {
        session.quit();
    }

    @Test
    void aVisitorSeesEveryDataSetWithItsStatusAndTheEmptyTestbedList() {
        browser.get(home.toString());

        assertThat(browser.getTitle()).isEqualTo("Status · Lacuna Bench");
        List<WebElement> rows = browser.findElements(By.cssSelector("#data-sets tr.data-set"));
        assertThat(rows).extracting(row -> row.getAttribute("data-id")).containsExactly("synthetic", "tofu", "lume");
        assertThat(rows.get(0).findElement(By.cssSelector("td.ok")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("testbeds")).getText()).contains("No testbeds built yet");
    }

    @Test
    void theMachineReadableLinksLeadToLiveEndpoints() {
        browser.get(home.toString());
        browser.findElement(By.linkText("/q/health")).click();

        assertThat(browser.getPageSource()).contains("\"status\"").contains("UP");
    }
}
