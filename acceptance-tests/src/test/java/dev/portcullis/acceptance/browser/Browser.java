package dev.portcullis.acceptance.browser;

import dev.portcullis.acceptance.stack.StackSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}) driven by
 * Selenium, with a fresh profile each time, so every instance is a new person with no cookies.
 * The first use in a JVM runs {@code acceptance-tests/install-browser.sh}, which installs the two
 * packages when they are missing.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Page loads on a shared 2-core machine; a wait, not an assertion on time. */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = StackSettings.fromEnvironment().repositoryRoot()
            .resolve("acceptance-tests/target/screenshots");
    private static boolean installed;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a new browser with an empty profile. */
    public static Browser open() {
        ensureInstalled();
        try {
            Path profile = Files.createTempDirectory("portcullis-chromium-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1200,900", "--user-data-dir=" + profile);
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PAGE_WAIT);
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(URI uri) {
        driver.get(uri.toString());
    }

    public URI currentUri() {
        return URI.create(driver.getCurrentUrl());
    }

    /** Waits until the address bar starts with {@code prefix} (e.g. the client's redirect URI). */
    public URI awaitAddressStartingWith(String prefix) {
        new WebDriverWait(driver, PAGE_WAIT).until(d -> d.getCurrentUrl().startsWith(prefix));
        return currentUri();
    }

    /** The visible text of the page. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public List<WebElement> find(By by) {
        return driver.findElements(by);
    }

    /** Saves a PNG of the page as {@code acceptance-tests/target/screenshots/<name>.png} (a test artifact). */
    public Path screenshot(String name) {
        Path dir = SCREENSHOTS;
        try {
            Files.createDirectories(dir);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = dir.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        Path script = StackSettings.fromEnvironment().repositoryRoot().resolve("acceptance-tests/install-browser.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("The browser scenarios need Debian's chromium and chromium-driver, and "
                        + script + " could not install them:\n" + output
                        + "\nInstall them yourself: apt-get install -y chromium chromium-driver");
            }
            System.out.print(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        installed = true;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
