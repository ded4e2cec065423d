package dev.lacuna.server.leaderboard.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One headline number of a stored result: the mean over seeds and its sample sd, as the board shows it.
 * Kept in a column of its own so results can be ranked in SQL; the result's JSON body stays the record.
 */
@Embeddable
public class HeadlineNumber {

    /** Null where the result has no such number (MU95 without Forget Quality). */
    @Column(name = "mean")
    public Double mean;

    /** Null for single numbers (a p-value, a gap). */
    @Column(name = "sd")
    public Double sd;

    public HeadlineNumber() {
    }

    public HeadlineNumber(Double mean, Double sd) {
        this.mean = mean;
        this.sd = sd;
    }
}
