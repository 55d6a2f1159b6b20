package io.tollgate.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through Debian's chromium-driver. Both paths are given explicitly, so Selenium
 * Manager never runs and nothing is downloaded; a missing package fails with the command that installs it.
 */
final class Browser implements AutoCloseable {
    static final Path DRIVER = Path.of(System.getProperty("chromedriver.bin", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("chromium.bin", "/usr/lib/chromium/chromium"));
    private static final Path ARTIFACTS = Path.of(System.getProperty("console.artifacts", "target/console-screenshots"));

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final String baseUrl;

    private Browser(String baseUrl) {
        for (var p : List.of(DRIVER, CHROMIUM)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: install Debian's browser for the console tests"
                        + " (scripts/bootstrap.sh --for-tests, or apt-get install -y --no-install-recommends chromium chromium-driver)");
            }
        }
        this.baseUrl = baseUrl;
        service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root in a container, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--user-data-dir=" + tempProfile());
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    private static String tempProfile() {
        try {
            Path dir = Files.createTempDirectory("chromium-profile");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Chromium profile directory", e);
        }
    }

    static Browser open(String baseUrl) {
        return new Browser(baseUrl);
    }

    WebDriver driver() {
        return driver;
    }

    /** Loads a console page afresh (a new document, not only a hash change). */
    void load(String hash) {
        driver.get("about:blank");
        driver.get(baseUrl + "/ui/" + hash);
    }

    /** Signs in on the sign-in form with {@code token} and waits for the navigation. */
    void signIn(String token) {
        var input = waitFor(d -> visible(By.id("token")));
        input.clear();
        input.sendKeys(token);
        driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        waitFor(d -> visible(By.id("nav")));
    }

    /** The element if it is displayed, else null (for waits). */
    WebElement visible(By by) {
        var found = driver.findElements(by);
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(15), condition);
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        // The pages re-render as they poll: an element found a moment ago may be replaced, so look again.
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class).until(condition);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Saves a PNG of the window under target/console-screenshots, kept as the test's artifact. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(ARTIFACTS);
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            return Files.copy(png.toPath(), ARTIFACTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save screenshot " + name, e);
        }
    }

    /** What the page logged since the last call: CSP violations and script errors show up here as SEVERE. */
    List<LogEntry> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
