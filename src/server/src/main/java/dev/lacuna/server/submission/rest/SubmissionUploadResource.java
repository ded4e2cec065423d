package dev.lacuna.server.submission.rest;

import dev.lacuna.server.account.rest.Callers;
import dev.lacuna.server.account.service.Caller;
import dev.lacuna.server.problem.Problem;
import dev.lacuna.server.problem.ProblemMappers;
import dev.lacuna.server.submission.mapping.UploadReceipt;
import dev.lacuna.server.submission.service.StoredSubmission;
import dev.lacuna.server.submission.service.Uploads;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Plugin uploads. Only delegates: who may upload to {@link Callers}, the rest to {@link Uploads}. Rooted at
 * {@code /api} like the board's resource: a root of {@code /api/submissions} would be the closer match for
 * {@code GET /api/submissions/{id}} and, having no such method, hide the board's.
 */
@Path("/api")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API token from './lacuna admin token create'")
public class SubmissionUploadResource {

    @Inject
    Callers callers;

    @Inject
    Uploads uploads;

    @Context
    HttpHeaders headers;

    @POST
    @Path("submissions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Upload a plugin JAR",
            description = "multipart/form-data with the JAR in the field 'jar'. The JAR is validated without running any "
                    + "of its code and stored once per sha256; a new submission is then evaluated. Any role may upload; "
                    + "submitters are held to lacuna.platform.uploads-per-day and concurrent-evaluations, admins are not.")
    @APIResponse(responseCode = "201", description = "Stored as a new submission; Location names its page",
            headers = @Header(name = HttpHeaders.LOCATION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadReceipt.class)))
    @APIResponse(responseCode = "200", description = "These bytes were stored before: the existing submission, duplicate true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadReceipt.class)))
    @APIResponse(responseCode = "400", description = "No file in the field 'jar'",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON))
    @APIResponse(responseCode = "401", description = "No or no valid bearer token",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON))
    @APIResponse(responseCode = "413", description = "Larger than the JAR size limit",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON))
    @APIResponse(responseCode = "422", description = "Refused by the JAR validator; detail gives the reason, rule its id",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON))
    @APIResponse(responseCode = "429", description = "Over an upload limit; Retry-After says how many seconds to wait",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON))
    public Response upload(@RestForm("jar") FileUpload jar) {
        Caller caller = callers.require(headers);
        if (jar == null) {
            throw Problem.of(Response.Status.BAD_REQUEST, "The form needs the plugin JAR as a file in the field 'jar'.");
        }
        StoredSubmission stored = uploads.upload(caller, jar.uploadedFile());
        UploadReceipt receipt = UploadReceipt.of(stored);
        if (stored.duplicate()) {
            return Response.ok(receipt).build();
        }
        return Response.created(URI.create(receipt.url())).entity(receipt).build();
    }
}
