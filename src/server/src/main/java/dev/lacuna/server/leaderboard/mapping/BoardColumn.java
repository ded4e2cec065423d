package dev.lacuna.server.leaderboard.mapping;

import java.util.List;
import java.util.Optional;

/**
 * A sortable numeric column of a board: its key (the {@code ?sort=} value and the CSV/JSON field name), its
 * heading and what it means. The columns of each kind are declared here once; pages, CSV and JSON all
 * read this list.
 */
public record BoardColumn(String key, String label, String description) {

    public static final List<BoardColumn> OBJECTIVE = List.of(
            new BoardColumn("aues_oracle", "AUES Oracle", "area under the FS–RS curve, unlearning in V_tgt; mean ± sd over seeds"),
            new BoardColumn("aues_random", "AUES Random", "the same in a random region of equal size outside V_tgt"),
            new BoardColumn("aues_delta", "|Δ| AUES", "|AUES Oracle − AUES Random|"),
            new BoardColumn("aues_p", "p (AUES)", "paired permutation test of the AUES gap"),
            new BoardColumn("mu95_oracle", "MU95 Oracle", "log10 Forget Quality where Model Utility falls to 95 %; mean ± sd"),
            new BoardColumn("mu95_random", "MU95 Random", "the same for the random region"),
            new BoardColumn("mu95_delta", "|Δ| MU95", "|MU95 Oracle − MU95 Random|"),
            new BoardColumn("mu95_p", "p (MU95)", "resampling test of the MU95 gap"),
            new BoardColumn("fs_alpha_one", "FS at α = 1", "Forget Score of the fully unlearned model, Oracle region; mean ± sd"),
            new BoardColumn("aues_unconstrained", "AUES Unconstr.", "AUES when every value vector may change, at the same rate; mean ± sd"),
            new BoardColumn("update_precision", "Update prec.", "share of the |V_tgt| most-changed value vectors of the unconstrained run that lie in V_tgt (chance p)"),
            new BoardColumn("update_share", "Update in V_tgt", "share of the unconstrained run's squared change inside V_tgt (chance p)"),
            new BoardColumn("q4_gap_oracle", "4-bit gap Oracle", "FS lost when theta_u (Oracle) is quantized to 4 bits; above 0: knowledge resurfaced; mean ± sd"),
            new BoardColumn("q4_gap_random", "4-bit gap Random", "the same for the Random region"),
            new BoardColumn("relearn_gap_oracle", "Relearn gap Oracle", "held-out forget ES after a short relearning fine-tune, minus theta_r's after the same fine-tune (Oracle); mean ± sd"),
            new BoardColumn("relearn_gap_random", "Relearn gap Random", "the same for the Random region"),
            new BoardColumn("relearn_gap_p", "p (relearn)", "paired permutation test of the Oracle and Random relearning gaps"),
            new BoardColumn("seeds", "Seeds", "mask seeds (testbeds) the means run over"));

    public static final List<BoardColumn> LOCALIZER = List.of(
            new BoardColumn("precision", "precision@p", "share of the localizer's top-|V_tgt| value vectors that lie in V_tgt; mean ± sd"),
            new BoardColumn("ap", "AP", "average precision of the scores against V_tgt"),
            new BoardColumn("auroc", "AUROC", "area under the ROC curve of the scores against V_tgt; mean ± sd"),
            new BoardColumn("aues_localized", "AUES (R)", "AUES of the reference objective unlearning in the localizer's region R"),
            new BoardColumn("aues_random", "AUES Random", "the same in a random region of |R| outside V_tgt"),
            new BoardColumn("aues_p_vs_random", "p vs Random", "permutation test of AUES(R) against AUES(Random)"),
            new BoardColumn("aues_oracle", "AUES Oracle", "the same in V_tgt"),
            new BoardColumn("aues_p_vs_oracle", "p vs Oracle", "permutation test of AUES(R) against AUES(Oracle)"),
            new BoardColumn("seeds", "Seeds", "mask seeds (testbeds) the means run over"));

    public static List<BoardColumn> of(String kind) {
        return "localizer".equals(kind) ? LOCALIZER : OBJECTIVE;
    }

    public static Optional<BoardColumn> find(String kind, String key) {
        return of(kind).stream().filter(c -> c.key().equals(key)).findFirst();
    }
}
