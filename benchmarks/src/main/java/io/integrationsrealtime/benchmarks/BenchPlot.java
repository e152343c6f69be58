package io.integrationsrealtime.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Draws the benchmark's PNG from its results.csv: throughput (round trips/s) and server CPU per
 * round trip against connections, one line per server (median over repetitions), one column per
 * CPU placement. Plain Java2D, headless.
 *
 * <p>Usage: {@code BenchPlot results.csv out.png}
 */
public final class BenchPlot {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xd62728),
            new Color(0xff7f0e)};
    private static final int PANEL_W = 520;
    private static final int PANEL_H = 340;
    private static final int MARGIN = 70;

    private BenchPlot() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Map<String, String>> rows = readCsv(Path.of(args[0]));
        List<String> placements = distinct(rows, "placement");
        List<String> servers = distinct(rows, "server");
        List<Integer> connections = new ArrayList<>(new TreeSet<>(rows.stream().map(r -> Integer.parseInt(r.get("connections"))).toList()));

        int width = placements.size() * (PANEL_W + MARGIN) + MARGIN;
        int height = 2 * (PANEL_H + MARGIN) + MARGIN + 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        String[][] metrics = {{"rtPerSec", "execute round trips/s"}, {"serverCpuUsPerRt", "server CPU us per round trip"}};
        for (int column = 0; column < placements.size(); column++) {
            for (int row = 0; row < metrics.length; row++) {
                int x = MARGIN + column * (PANEL_W + MARGIN);
                int y = MARGIN + row * (PANEL_H + MARGIN);
                drawPanel(g, x, y, rows, placements.get(column), metrics[row][0],
                        metrics[row][1] + " (" + placements.get(column) + ")", servers, connections);
            }
        }
        drawLegend(g, MARGIN, height - 50, width - MARGIN, servers);
        g.dispose();
        ImageIO.write(image, "png", Path.of(args[1]).toFile());
    }

    private static void drawPanel(Graphics2D g, int x0, int y0, List<Map<String, String>> rows, String placement,
                                  String metric, String title, List<String> servers, List<Integer> connections) {
        Map<String, double[]> lines = new LinkedHashMap<>();
        double max = 0;
        for (String server : servers) {
            double[] values = new double[connections.size()];
            for (int i = 0; i < connections.size(); i++) {
                int conns = connections.get(i);
                values[i] = median(rows.stream().filter(r -> r.get("placement").equals(placement)
                        && r.get("server").equals(server) && Integer.parseInt(r.get("connections")) == conns)
                        .mapToDouble(r -> Double.parseDouble(r.get(metric))).toArray());
                if (!Double.isNaN(values[i])) {
                    max = Math.max(max, values[i]);
                }
            }
            lines.put(server, values);
        }
        double top = niceCeiling(max);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(title, x0, y0 - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int tick = 0; tick <= 5; tick++) {
            int y = y0 + PANEL_H - tick * PANEL_H / 5;
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x0, y, x0 + PANEL_W, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format("%,.0f", top * tick / 5);
            g.drawString(label, x0 - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, y0, PANEL_W, PANEL_H);
        for (int i = 0; i < connections.size(); i++) {
            String label = connections.get(i) + " conn";
            g.drawString(label, xAt(x0, i, connections.size()) - g.getFontMetrics().stringWidth(label) / 2, y0 + PANEL_H + 18);
        }
        int colorIndex = 0;
        for (double[] values : lines.values()) {
            g.setColor(COLORS[colorIndex++ % COLORS.length]);
            g.setStroke(new BasicStroke(2.5f));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    previousX = -1;
                    continue;
                }
                int x = xAt(x0, i, values.length);
                int y = y0 + PANEL_H - (int) Math.round(values[i] / top * PANEL_H);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
        }
        g.setStroke(new BasicStroke(1));
    }

    private static void drawLegend(Graphics2D g, int x, int y, int right, List<String> servers) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int left = x;
        for (int i = 0; i < servers.size(); i++) {
            int entryWidth = 30 + g.getFontMetrics().stringWidth(servers.get(i)) + 24;
            if (x > left && x + entryWidth > right) {  // wrap instead of running off the image
                x = left;
                y += 20;
            }
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(x, y - 10, 24, 10);
            g.setColor(Color.BLACK);
            g.drawString(servers.get(i), x + 30, y);
            x += entryWidth;
        }
    }

    private static int xAt(int x0, int index, int count) {
        return x0 + (int) Math.round((index + 0.5) * PANEL_W / count);
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static List<String> distinct(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).distinct().toList();
    }

    private static List<Map<String, String>> readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
