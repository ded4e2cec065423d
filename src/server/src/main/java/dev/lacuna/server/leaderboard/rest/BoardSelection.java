package dev.lacuna.server.leaderboard.rest;

import dev.lacuna.results.Result;
import dev.lacuna.server.leaderboard.service.Boards;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/**
 * Which board a request means: {@code kind} ({@code objective}, {@code localizer}), {@code testbed} as a
 * family ({@code synthetic}) or family/model ({@code synthetic/tiny}), {@code model}, {@code dtype} (of the
 * weights; float32 unless named). Anything else left out falls back to the first published board that matches the
 * rest.
 */
final class BoardSelection {

    private BoardSelection() {
    }

    static Boards.Key choose(List<Boards.Key> keys, String kind, String testbed, String model, String dtype) {
        String family = testbed;
        String wantedModel = model;
        if (testbed != null && testbed.contains("/")) {
            family = testbed.substring(0, testbed.indexOf('/'));
            wantedModel = wantedModel != null ? wantedModel : testbed.substring(testbed.indexOf('/') + 1);
        }
        if (kind != null && !kind.isBlank() && !kind.equals("objective") && !kind.equals("localizer")) {
            throw new NotFoundException("no such board kind '" + kind + "'; use objective or localizer");
        }
        String wantedDtype = dtype == null || dtype.isBlank() ? Result.DEFAULT_DTYPE : dtype;
        if (!Result.DTYPES.contains(wantedDtype)) {
            throw new NotFoundException("no such dtype '" + dtype + "'; use one of " + Result.DTYPES);
        }
        for (Boards.Key key : keys) {
            if (matches(kind, key.kind()) && matches(family, key.family()) && matches(wantedModel, key.model())
                    && key.dtype().equals(wantedDtype)) {
                return key;
            }
        }
        throw new NotFoundException("nothing is published for kind=" + kind + " testbed=" + testbed + " model=" + model
                + " dtype=" + wantedDtype + "; published boards: " + keys.stream().map(k -> k.kind() + " on " + k.label()).toList());
    }

    static String kindLabel(String kind) {
        return "localizer".equals(kind) ? "Localizers" : "Objectives";
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.isBlank() || wanted.equals(actual);
    }
}
