package dev.oltpmesh.bench.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Throughput bars and latency bars in one PNG, drawn by JFreeChart. */
final class Chart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;

    private Chart() {
    }

    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        ((Map<String, Object>) results.get("systems")).keySet().forEach(system ->
                throughput.addValue(Report.number(results, "systems", system, "rowsPerSec"), "rows/s", system));
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        latency.addValue(Report.number(results, "latency", "singleRowCommitted", "p50Ms"), "mesh p50", "one-row commit");
        latency.addValue(Report.number(results, "latency", "singleRowCommitted", "p99Ms"), "mesh p99", "one-row commit");
        for (String system : new String[]{"mesh", "shardingsphere-jdbc"}) {
            latency.addValue(Report.number(results, "query", system, "p50Ms"), system + " p50", "top-100 query");
            latency.addValue(Report.number(results, "query", system, "p99Ms"), system + " p99", "top-100 query");
            latency.addValue(Report.number(results, "query", system, "point", "p50Ms"), system + " p50", "point query");
            latency.addValue(Report.number(results, "query", system, "point", "p99Ms"), system + " p99", "point query");
        }
        JFreeChart bars = ChartFactory.createBarChart("Write throughput (rows/s, higher is better)", null, "rows/s",
                throughput, PlotOrientation.VERTICAL, false, false, false);
        JFreeChart times = ChartFactory.createBarChart("Latency (ms, lower is better)", null, "ms", latency,
                PlotOrientation.VERTICAL, true, false, false);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT * 2);
        bars.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        times.draw(g, new Rectangle2D.Double(0, HEIGHT, WIDTH, HEIGHT));
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
