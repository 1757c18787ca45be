package io.milvusgitops.daemon.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Headless Chromium, as a person's browser: it runs the page's script and lays the page out. The DOM it
 * dumps is the page after the script ran; its screenshots are kept as test artifacts.
 */
public final class Chromium {

    /** Where screenshots go: kept after the build, for people to look at (and for the README's). */
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final String binary;
    private final Path profile;

    public Chromium(Path profile) {
        this.binary = Tools.require("chromium", "chromium");
        this.profile = profile;
    }

    /** The DOM after the page's script ran, in the browser's time zone {@code tz}. */
    public String dom(String url, String tz) throws IOException, InterruptedException {
        return Tools.run(profile, Map.of("TZ", tz), command(List.of("--dump-dom", url)));
    }

    /**
     * A screenshot of the whole page at {@code width} CSS pixels, under {@link #SCREENSHOTS}; returns its path. Chromium
     * shoots its window, so the window is {@code maxHeight} tall and the empty background below the page is cut off.
     */
    public Path screenshot(String url, String name, int width, int maxHeight, String tz) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(file);
        Tools.run(profile, Map.of("TZ", tz), command(List.of("--hide-scrollbars", "--window-size=" + width + "," + maxHeight,
                "--screenshot=" + file, url)));
        BufferedImage shot = ImageIO.read(file.toFile());
        int bottom = shot.getHeight();
        while (bottom > 1 && sameRow(shot, bottom - 1, shot.getHeight() - 1)) bottom--;
        ImageIO.write(shot.getSubimage(0, 0, shot.getWidth(), Math.min(shot.getHeight(), bottom + 16)), "png", file.toFile());
        return file;
    }

    private static boolean sameRow(BufferedImage image, int y, int reference) {
        for (int x = 0; x < image.getWidth(); x++) {
            if (image.getRGB(x, y) != image.getRGB(x, reference)) return false;
        }
        return true;
    }

    private String[] command(List<String> args) {
        List<String> all = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US",
                "--user-data-dir=" + profile.resolve("chromium-profile")));
        all.addAll(args);
        return all.toArray(String[]::new);
    }
}
