package dev.lacuna.server.leaderboard.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void ticksAreRoundStepsThatCoverTheRange() {
        assertThat(SvgChart.ticks(0, 1)).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1);
        assertThat(SvgChart.ticks(-20.47, -12.75)).containsExactly(-22, -20, -18, -16, -14, -12);
        double[] small = SvgChart.ticks(0.013, 0.087);
        assertThat(small[0]).isLessThanOrEqualTo(0.013);
        assertThat(small[small.length - 1]).isGreaterThanOrEqualTo(0.087);
        assertThat(small.length).isBetween(3, 8);
    }

    @Test
    void theSvgCarriesATextAlternativeOneLinePerSeriesAndEscapesText() {
        SvgChart chart = SvgChart.of("c1", "FS–RS <curves>", "RS against FS & more", "FS", "RS")
                .withRanges(new double[] {0, 1}, new double[] {0, 1})
                .with(new SvgChart.Series("Oracle seed 7", "#000", false, true, List.of(new double[] {0, 1}, new double[] {1, 0})))
                .with(new SvgChart.Series("Random seed 7", "#111", true, false, List.of(new double[] {0, 1}, new double[] {1, 0.5})))
                .with(new SvgChart.Rule(true, 0.5, "half", "#999"))
                .withLegend("Oracle", "#000", false);

        String svg = chart.svg();

        assertThat(svg).startsWith("<svg").endsWith("</svg>")
                .contains("role=\"img\"", "aria-labelledby=\"c1-title c1-desc\"")
                .contains("<title id=\"c1-title\">FS–RS &lt;curves&gt;</title>")
                .contains("<desc id=\"c1-desc\">RS against FS &amp; more</desc>")
                .contains("data-series=\"Oracle seed 7\"", "data-series=\"Random seed 7\"", "stroke-dasharray=\"5 3\"")
                .contains(">half</text>", ">Oracle</text>");
        // the plot spans x 64..544 and y 308..16: (0, 1) is the top left corner, (1, 0) the bottom right
        assertThat(svg).contains("points=\"64.0,16.0 544.0,308.0\"");
    }
}
