package dev.lacuna.server.leaderboard.service;

/** The platform stored a result it measured: boards and rendered pages are out of date. */
public record ResultPublished(String resultId) {
}
