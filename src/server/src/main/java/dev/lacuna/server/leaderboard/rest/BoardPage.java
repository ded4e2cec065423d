package dev.lacuna.server.leaderboard.rest;

import dev.lacuna.server.leaderboard.mapping.Board;
import dev.lacuna.server.leaderboard.service.Boards;
import dev.lacuna.server.leaderboard.service.ResultPublished;
import dev.lacuna.server.leaderboard.service.ImportReport;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /}: the leaderboard. One board at a time, chosen by kind and testbed tabs; sorted on the server by
 * {@code ?sort=} (column headings are links), so it reads and sorts without JavaScript.
 */
@Path("/")
@Singleton
public class BoardPage {

    /** A tab: its label, link, and whether it is the one shown. */
    public record Tab(String label, String href, boolean current) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance board(Board board, List<Tab> kinds, List<Tab> testbeds, String error);

        static native TemplateInstance empty();
    }

    @Inject
    Boards boards;

    /**
     * Rendered pages by request: the board only changes when results are imported (which empties this), and
     * it is the page most often asked for, so each distinct view is rendered once.
     */
    private final Map<List<String>, String> rendered = new ConcurrentHashMap<>();

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) ImportReport report) {
        rendered.clear();
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) ResultPublished published) {
        rendered.clear();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String board(@QueryParam("kind") String kind, @QueryParam("testbed") String testbed,
                        @QueryParam("model") String model, @QueryParam("dtype") String dtype,
                        @QueryParam("sort") String sort) {
        List<String> request = Arrays.asList(kind, testbed, model, dtype, sort);
        String page = rendered.get(request);
        if (page == null) {
            page = render(kind, testbed, model, dtype, sort).render();
            if (rendered.size() < 1_000) {
                rendered.put(request, page);
            }
        }
        return page;
    }

    private TemplateInstance render(String kind, String testbed, String model, String dtype, String sort) {
        List<Boards.Key> keys = boards.keys();
        if (keys.isEmpty()) {
            return Templates.empty();
        }
        Boards.Key chosen = BoardSelection.choose(keys, kind, testbed, model, dtype);
        String error = null;
        Board board;
        try {
            board = boards.board(chosen, sort).orElseThrow();
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
            board = boards.board(chosen, null).orElseThrow();
        }
        List<Tab> kinds = keys.stream().filter(k -> k.label().equals(chosen.label())).map(Boards.Key::kind).distinct()
                .map(k -> new Tab(BoardSelection.kindLabel(k), "/?" + Board.query(k, chosen.family(), chosen.model(),
                        chosen.dtype()), k.equals(chosen.kind())))
                .toList();
        // one tab per testbed and dtype, pointing at this kind's board there or else the first one published
        Map<String, Boards.Key> byLabel = new LinkedHashMap<>();
        keys.forEach(k -> byLabel.merge(k.label(), k, (first, other) -> other.kind().equals(chosen.kind()) ? other : first));
        List<Tab> testbeds = byLabel.values().stream()
                .map(k -> new Tab(k.label(), "/?" + Board.query(k.kind(), k.family(), k.model(), k.dtype()),
                        k.label().equals(chosen.label())))
                .toList();
        return Templates.board(board, kinds, testbeds, error);
    }
}
