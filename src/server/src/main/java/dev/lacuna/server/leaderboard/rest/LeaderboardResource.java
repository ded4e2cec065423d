package dev.lacuna.server.leaderboard.rest;

import dev.lacuna.results.Result;
import dev.lacuna.results.ResultSchema;
import dev.lacuna.server.leaderboard.mapping.Board;
import dev.lacuna.server.leaderboard.mapping.BoardCsv;
import dev.lacuna.server.leaderboard.service.Boards;
import dev.lacuna.server.leaderboard.service.Submissions;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The read API of the published board. Resources only delegate; the shapes come from {@code mapping}. */
@Path("/api")
public class LeaderboardResource {

    @Inject
    Boards boards;

    @Inject
    Submissions submissions;

    @Context
    HttpHeaders headers;

    @GET
    @Path("leaderboard")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "One leaderboard, sorted",
            description = "kind: objective or localizer; testbed: a family (synthetic) or family/model; dtype: the weights' "
                    + "data type of the results (float32 unless named); sort: a column key or name, '-' in front for descending. JSON by default; CSV with format=csv or Accept: text/csv.")
    public Response leaderboard(@QueryParam("kind") @Parameter(description = "objective or localizer") String kind,
                                @QueryParam("testbed") String testbed, @QueryParam("model") String model,
                                @QueryParam("dtype") @Parameter(description = "float32 (default), float16 or bfloat16") String dtype,
                                @QueryParam("sort") String sort,
                                @QueryParam("format") @Parameter(description = "json or csv") String format) {
        Boards.Key key = BoardSelection.choose(boards.keys(), kind, testbed, model, dtype);
        Board board;
        try {
            board = boards.board(key, sort).orElseThrow();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), Response.status(400).type(MediaType.TEXT_PLAIN)
                    .entity(e.getMessage() + "\n").build());
        }
        boolean csv = "csv".equals(format)
                || (format == null && headers.getAcceptableMediaTypes().stream().anyMatch(t -> "csv".equals(t.getSubtype())));
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw new BadRequestException("format must be json or csv",
                    Response.status(400).type(MediaType.TEXT_PLAIN).entity("format must be json or csv, got '" + format + "'\n").build());
        }
        String file = "lacuna-" + board.kind() + "-" + board.family() + "-" + board.model()
                + (board.dtype().equals(Result.DEFAULT_DTYPE) ? "" : "-" + board.dtype());
        if (csv) {
            return Response.ok(BoardCsv.of(board).getBytes(StandardCharsets.UTF_8), "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + ".csv\"").build();
        }
        Response.ResponseBuilder ok = Response.ok(board, MediaType.APPLICATION_JSON);
        if ("json".equals(format)) {
            ok.header("Content-Disposition", "attachment; filename=\"" + file + ".json\"");
        }
        return ok.build();
    }

    @GET
    @Path("result-schema.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The JSON Schema every result file follows")
    public String resultSchema() {
        return ResultSchema.text();
    }

    @GET
    @Path("boards")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which boards are published (kind, testbed family, model)")
    public List<Boards.Key> published() {
        return boards.keys();
    }

    @GET
    @Path("submissions/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A submission: plugin metadata and its published results",
            description = "id: the first 12 hex digits of the plugin JAR's sha256.")
    public Submissions.SubmissionSummary submission(@PathParam("id") String id) {
        return submissions.summary(id).orElseThrow(() -> new NotFoundException("no submission " + id));
    }

    @GET
    @Path("results/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A published result file, byte for byte as the harness wrote it")
    public Response result(@PathParam("id") String id) {
        return submissions.resultBody(id)
                .map(body -> Response.ok(body.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON)
                        .header("Content-Disposition", "inline; filename=\"" + id + ".json\"").build())
                .orElseThrow(() -> new NotFoundException("no result " + id));
    }
}
