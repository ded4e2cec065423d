package dev.lacuna.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

@QuarkusTest
class StatusPageBrowserTest {

    @TestHTTPResource("/status")
    URL home;

    @RegisterExtension
    final Browser.PerTest session = new Browser.PerTest();

    @Test
    void aVisitorSeesEveryDataSetWithItsStatusAndTheEmptyTestbedList() {
        session.driver().get(home.toString());

        assertThat(session.driver().getTitle()).isEqualTo("Status · Lacuna Bench");
        List<WebElement> rows = session.driver().findElements(By.cssSelector("#data-sets tr.data-set"));
        assertThat(rows).extracting(row -> row.getAttribute("data-id")).containsExactly("synthetic", "tofu", "lume");
        assertThat(rows.get(0).findElement(By.cssSelector("td.ok")).isDisplayed()).isTrue();
        assertThat(session.driver().findElement(By.id("testbeds")).getText()).contains("No testbeds built yet");
    }

    @Test
    void theMachineReadableLinksLeadToLiveEndpoints() {
        session.driver().get(home.toString());
        session.driver().findElement(By.linkText("/q/health")).click();

        assertThat(session.driver().getPageSource()).contains("\"status\"").contains("UP");
    }
}
