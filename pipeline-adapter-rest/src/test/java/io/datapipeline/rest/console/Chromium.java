package io.datapipeline.rest.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentest4j.TestAbortedException;

/**
 * The Debian {@code chromium} and {@code chromium-driver} packages, headless, driven by Selenium with both paths
 * given, so Selenium Manager never runs and nothing is downloaded. Without them the tests fail under {@code CI=true}
 * and are skipped (saying how to install them) elsewhere. Screenshots go to {@code target/console-screenshots/<test>/}.
 */
final class Chromium implements AutoCloseable {

    /** The Debian paths; {@code -Dpipeline.test.chromium=…} / {@code -Dpipeline.test.chromedriver=…} for others. */
    static final Path BROWSER = Path.of(System.getProperty("pipeline.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("pipeline.test.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path shots;
    private final Path profile;
    private int count;

    private Chromium(ChromeDriver driver, Path shots, Path profile) {
        this.driver = driver;
        this.shots = shots;
        this.profile = profile;
    }

    /** Starts a browser with a fresh profile; downloads go to {@code downloads}. */
    static Chromium start(String testName, Path downloads) {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            unavailable(BROWSER + " or " + DRIVER + " is missing (Debian packages chromium and chromium-driver)");
        }
        Path shots = Path.of("target", "console-screenshots", testName);
        try {
            Files.createDirectories(shots);
            try (var old = Files.newDirectoryStream(shots, "*.png")) {
                for (Path p : old) {
                    Files.delete(p);
                }
            }
            Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
                    "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,800", "--lang=en-US");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false, "safebrowsing.enabled", false));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .withLogFile(shots.resolve("chromedriver.log").toFile()).build();
            Chromium c = new Chromium(new ChromeDriver(service, options), shots, profile);
            c.viewport(1280, 800);
            return c;
        } catch (WebDriverException e) {
            unavailable("the browser did not start: " + e.getMessage().lines().findFirst().orElse(""));
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("headless Chromium is required under CI=true: " + why
                    + "; scripts/setup-browser.sh installs it");
        }
        throw new TestAbortedException("skipped: " + why + "; run scripts/setup-browser.sh");
    }

    WebDriver driver() {
        return driver;
    }

    /** The page's viewport in CSS pixels, whatever the window (a window cannot be narrower than 500 px). */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Saves a screenshot of the viewport as {@code NN-name.png}. */
    Path shot(String name) {
        Path file = shots.resolve(String.format("%02d-%s.png", ++count, name));
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Clicks an element, again when the page re-rendered it between finding and clicking. */
    void click(String css) {
        until("click " + css, d -> {
            try {
                d.findElement(By.cssSelector(css)).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException
                     | org.openqa.selenium.NoSuchElementException e) {
                return false;
            }
        });
    }

    /** The whole text of an element, also the part scrolled out of its box (getText gives what is visible). */
    String content(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
    }

    /** Waits for a visible element. */
    WebElement visible(String css) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    WebElement text(String css, String text) {
        return text(css, text, WAIT);
    }

    WebElement text(String css, String text, Duration timeout) {
        new WebDriverWait(driver, timeout).withMessage(() -> css + " never contained '" + text + "'; it said '"
                + textOf(css) + "'").until(d -> textOf(css).contains(text));
        return find(css);
    }

    private String textOf(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        try {
            return found.isEmpty() ? "(absent)" : found.get(0).getText();
        } catch (WebDriverException e) {
            return "(gone)";
        }
    }

    /** Waits for a condition of the page. */
    <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * What a keyboard or screen-reader user would miss on the current page: form controls without a label and
     * buttons or links without a name.
     */
    @SuppressWarnings("unchecked")
    List<String> unlabelled() {
        return new ArrayList<>((List<String>) js("""
                const out = [];
                for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                  if (c.closest('[hidden]') || c.closest('dialog:not([open])')) continue;
                  if (!(c.labels && c.labels.length) && !c.getAttribute('aria-label')) out.push(c.outerHTML.slice(0, 80));
                }
                for (const b of document.querySelectorAll('button, a[href]')) {
                  if (b.closest('[hidden]') || b.closest('dialog:not([open])')) continue;
                  if (!b.textContent.trim() && !b.getAttribute('aria-label')) out.push(b.outerHTML.slice(0, 80));
                }
                return out;"""));
    }

    /** True when the page is no wider than the viewport (no sideways scrolling of the page itself). */
    boolean fitsWidth() {
        return (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth");
    }

    @Override
    public void close() {
        try {
            StringBuilder log = new StringBuilder();
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                log.append(e).append('\n');
            }
            Files.writeString(shots.resolve("browser-console.log"), log);
        } catch (IOException | WebDriverException e) {
            // the log is for people reading a failure; its absence is no failure
        } finally {
            driver.quit();
            deleteTree(profile);
        }
    }

    /** Removes a directory tree, as far as it can (a profile is only litter once the browser is gone). */
    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left under target/, which mvn clean removes
        }
    }

    /** The browser's console messages at SEVERE level so far (script errors, failed loads). */
    List<String> severe() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(e.getMessage());
            }
        }
        return out;
    }
}
