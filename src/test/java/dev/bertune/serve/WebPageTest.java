package dev.bertune.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Prediction;
import dev.bertune.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page of {@code serve} in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver},
 * which {@code .ci/run} installs): type a review, click, read the label and one bar per label.
 */
class WebPageTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;

  @Test
  void typeAReviewAndReadTheLabelAndABarPerLabel() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "this test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
            + " (.ci/run installs them)");
    TinyRun tiny = TinyRun.create(dir);
    Path tagData = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 160, 5);
    Path export = tiny.export("tags", "train.epochs=2", "data.train=\"" + tagData + "\"", "data.test=\"" + tagData + "\"",
        "data.label-column=labels");
    String review = "great music and a terrible story";
    Prediction expected;
    try (TextClassifier clf = TextClassifier.load(export)) {
      expected = clf.classify(review);
    }
    try (ModelServer server = ModelServer.start(TextClassifier.load(export),
        new ServeOptions("127.0.0.1", 0, "tags", 32, 5, 64, 1 << 20, 5_000))) {
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless",
          "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run",
          "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome-profile")));
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
          .usingAnyFreePort().build();
      WebDriver browser = new ChromeDriver(service, options);
      try {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "model tags, version 1"));
        browser.findElement(By.id("text")).sendKeys(review);
        browser.findElement(By.id("classify")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        String shown = browser.findElement(By.id("label")).getText();
        assertEquals(expected.labels().isEmpty() ? "(no label)" : String.join(", ", expected.labels()), shown);
        List<WebElement> rows = browser.findElements(By.cssSelector("#bars .row"));
        assertEquals(List.of("complaint", "music", "praise"),
            rows.stream().map(r -> r.getAttribute("data-label")).toList(), "one bar per label, in output order");
        for (WebElement row : rows) {
          String label = row.getAttribute("data-label");
          float p = expected.probability(label);
          assertEquals(String.format(java.util.Locale.ROOT, "%.3f", p), row.findElement(By.className("value"))
              .getText(), label);
          String style = row.findElement(By.className("bar")).getAttribute("style"); // e.g. "width: 57.3%;"
          java.util.regex.Matcher width = java.util.regex.Pattern.compile("width: ([0-9.]+)%").matcher(style);
          assertTrue(width.find(), style);
          assertEquals(100 * p, Double.parseDouble(width.group(1)), 0.051, label + ": bar length " + style);
          assertEquals(expected.labels().contains(label), row.getAttribute("class").contains("chosen"), label);
        }
      } finally {
        browser.quit();
      }
    }
  }
}
