package dev.lacuna.server.leaderboard.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn on the server as inline SVG, so curves show without JavaScript, offline, and with a
 * text alternative ({@code <title>} and {@code <desc>}) for screen readers. Axes get ticks at round values,
 * labels and a legend; series are polylines with optional markers and an optional shaded area under them.
 * Immutable: every {@code with...} returns a new chart.
 */
public final class SvgChart {

    /** One polyline. {@code fill} shades the area between the line and the x axis (AUES is that area). */
    public record Series(String name, String colour, boolean dashed, boolean fill, List<double[]> points) {

        public Series {
            points = List.copyOf(points);
        }
    }

    /** A straight reference line across the plot at {@code value} on one axis. */
    public record Rule(boolean horizontal, double value, String label, String colour) {
    }

    private static final int WIDTH = 560;
    private static final int HEIGHT = 360;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 52;

    private final String id;
    private final String title;
    private final String description;
    private final String xLabel;
    private final String yLabel;
    private final double[] xRange;
    private final double[] yRange;
    private final List<Series> series;
    private final List<Rule> rules;
    private final List<Series> legend;

    private SvgChart(String id, String title, String description, String xLabel, String yLabel, double[] xRange,
                     double[] yRange, List<Series> series, List<Rule> rules, List<Series> legend) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xRange = xRange;
        this.yRange = yRange;
        this.series = series;
        this.rules = rules;
        this.legend = legend;
    }

    /**
     * @param id          unique on the page (element ids derive from it)
     * @param description the text alternative: what the chart shows, in words and numbers
     */
    public static SvgChart of(String id, String title, String description, String xLabel, String yLabel) {
        return new SvgChart(id, title, description, xLabel, yLabel, null, null, List.of(), List.of(), List.of());
    }

    /** Fixed axis ranges instead of the data's extent (e.g. [0, 1] for scores). */
    public SvgChart withRanges(double[] x, double[] y) {
        return new SvgChart(id, title, description, xLabel, yLabel, x, y, series, rules, legend);
    }

    /** The same chart with another text alternative. */
    public SvgChart withDescription(String text) {
        return new SvgChart(id, title, text, xLabel, yLabel, xRange, yRange, series, rules, legend);
    }

    public SvgChart with(Series s) {
        List<Series> more = new ArrayList<>(series);
        more.add(s);
        return new SvgChart(id, title, description, xLabel, yLabel, xRange, yRange, more, rules, legend);
    }

    public SvgChart with(Rule r) {
        List<Rule> more = new ArrayList<>(rules);
        more.add(r);
        return new SvgChart(id, title, description, xLabel, yLabel, xRange, yRange, series, more, legend);
    }

    /** A legend entry (colour and dash of a group of series), shown in this order. */
    public SvgChart withLegend(String name, String colour, boolean dashed) {
        List<Series> more = new ArrayList<>(legend);
        more.add(new Series(name, colour, dashed, false, List.of()));
        return new SvgChart(id, title, description, xLabel, yLabel, xRange, yRange, series, rules, more);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The SVG element. */
    public String svg() {
        double[] xr = xRange != null && xRange.length == 2 ? xRange : extent(0);
        double[] yr = yRange != null && yRange.length == 2 ? yRange : extent(1);
        double[] xTicks = ticks(xr[0], xr[1]);
        double[] yTicks = ticks(yr[0], yr[1]);
        double x0 = Math.min(xr[0], xTicks[0]);
        double x1 = Math.max(xr[1], xTicks[xTicks.length - 1]);
        double y0 = Math.min(yr[0], yTicks[0]);
        double y1 = Math.max(yr[1], yTicks[yTicks.length - 1]);
        Scale sx = new Scale(x0, x1, LEFT, WIDTH - RIGHT);
        Scale sy = new Scale(y0, y1, HEIGHT - BOTTOM, TOP);
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(escape(id))
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(escape(id)).append("-title ").append(escape(id))
                .append("-desc\">");
        out.append("<title id=\"").append(escape(id)).append("-title\">").append(escape(title)).append("</title>");
        out.append("<desc id=\"").append(escape(id)).append("-desc\">").append(escape(description)).append("</desc>");
        out.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
                .append("\" fill=\"#fff\" stroke=\"#9aa4b2\"/>");
        for (double t : xTicks) {
            double px = sx.at(t);
            out.append(line(px, HEIGHT - BOTTOM, px, TOP, "#eef1f5", false));
            out.append(text(px, HEIGHT - BOTTOM + 16, "middle", label(t, xTicks)));
        }
        for (double t : yTicks) {
            double py = sy.at(t);
            out.append(line(LEFT, py, WIDTH - RIGHT, py, "#eef1f5", false));
            out.append(text(LEFT - 6, py + 4, "end", label(t, yTicks)));
        }
        out.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 14, "middle", xLabel));
        out.append("<text x=\"16\" y=\"").append(fmt((TOP + HEIGHT - BOTTOM) / 2.0))
                .append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 ")
                .append(fmt((TOP + HEIGHT - BOTTOM) / 2.0)).append(")\">").append(escape(yLabel)).append("</text>");
        for (Series s : series) {
            if (s.points().isEmpty()) {
                continue;
            }
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                path.append(path.length() == 0 ? "" : " ").append(fmt(sx.at(p[0]))).append(',').append(fmt(sy.at(p[1])));
            }
            if (s.fill()) {
                double baseline = sy.at(Math.max(y0, 0));
                double first = sx.at(s.points().get(0)[0]);
                double last = sx.at(s.points().get(s.points().size() - 1)[0]);
                out.append("<polygon points=\"").append(fmt(first)).append(',').append(fmt(baseline)).append(' ')
                        .append(path).append(' ').append(fmt(last)).append(',').append(fmt(baseline))
                        .append("\" fill=\"").append(s.colour()).append("\" fill-opacity=\"0.025\" stroke=\"none\"/>");
            }
            out.append("<polyline class=\"series\" data-series=\"").append(escape(s.name())).append("\" points=\"")
                    .append(path).append("\" fill=\"none\" stroke=\"").append(s.colour()).append("\" stroke-width=\"1.6\"")
                    .append(s.dashed() ? " stroke-dasharray=\"5 3\"" : "").append("><title>").append(escape(s.name()))
                    .append("</title></polyline>");
        }
        int vertical = 0;
        for (Rule r : rules) {
            if (r.horizontal()) {
                double py = sy.at(r.value());
                out.append(line(LEFT, py, WIDTH - RIGHT, py, r.colour(), true));
                out.append(text(LEFT + 4, py - 4, "start", r.label()));
            } else {
                double px = sx.at(r.value());
                out.append(line(px, HEIGHT - BOTTOM, px, TOP, r.colour(), true));
                // labels stacked up from the x axis, clear of the legend in the top right corner
                out.append(text(px + 4, HEIGHT - BOTTOM - 6 - 14 * vertical++, "start", r.label()));
            }
        }
        double ly = TOP + 14;
        if (!legend.isEmpty()) {
            out.append("<rect x=\"").append(WIDTH - RIGHT - 176).append("\" y=\"").append(TOP + 2)
                    .append("\" width=\"172\" height=\"").append(16 * legend.size() + 4)
                    .append("\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#d5dbe4\"/>");
        }
        for (Series s : legend) {
            double lx = WIDTH - RIGHT - 170;
            out.append(line(lx, ly - 4, lx + 22, ly - 4, s.colour(), s.dashed()).replace("stroke-width=\"1\"",
                    "stroke-width=\"2\""));
            out.append(text(lx + 28, ly, "start", s.name()));
            ly += 16;
        }
        out.append("</svg>");
        return out.toString();
    }

    private double[] extent(int axis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (Double.isFinite(p[axis])) {
                    lo = Math.min(lo, p[axis]);
                    hi = Math.max(hi, p[axis]);
                }
            }
        }
        for (Rule r : rules) {
            if (r.horizontal() == (axis == 1) && Double.isFinite(r.value())) {
                lo = Math.min(lo, r.value());
                hi = Math.max(hi, r.value());
            }
        }
        if (!Double.isFinite(lo)) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            return new double[] {lo - 0.5, hi + 0.5};
        }
        return new double[] {lo, hi};
    }

    /** About five ticks at multiples of 1, 2 or 5 times a power of ten, covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double span = hi - lo;
        double raw = span / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (span / step <= 6) {
                break;
            }
        }
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

    private static String label(double value, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(value) < step / 1e6 ? 0.0 : value);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, boolean dashed) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + colour + "\" stroke-width=\"1\"" + (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>";
    }

    private static String text(double x, double y, String anchor, String value) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"12\">"
                + escape(value) + "</text>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo) {
        double at(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }
}
