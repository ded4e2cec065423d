package dev.lacuna.server.submission.rest;

import dev.lacuna.server.account.rest.Callers;
import dev.lacuna.server.account.service.Caller;
import dev.lacuna.server.problem.Problem;
import dev.lacuna.server.submission.service.StoredSubmission;
import dev.lacuna.server.submission.service.Uploads;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code /upload}: the upload form for people, with the same checks as {@code POST /api/submissions}. The form is
 * CSRF-protected by a double-submit token: a random value in a {@code SameSite=Strict} cookie and in a hidden field,
 * which must match, so another site cannot post the form with a visitor's browser. The API token is typed into the
 * form, never stored by the page. Only delegates.
 */
@Path("/upload")
public class UploadPage {

    static final String CSRF_COOKIE = "lacuna_csrf";

    private static final SecureRandom RANDOM = new SecureRandom();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance upload(String csrf, String error);
    }

    @Inject
    Callers callers;

    @Inject
    Uploads uploads;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response form() {
        String csrf = newCsrf();
        return Response.ok(Templates.upload(csrf, null)).cookie(cookie(csrf)).build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response upload(@RestForm("token") String token, @RestForm("jar") FileUpload jar, @RestForm("csrf") String csrf,
                           @CookieParam(CSRF_COOKIE) String cookie) {
        if (csrf == null || cookie == null || !MessageDigest.isEqual(csrf.getBytes(), cookie.getBytes())) {
            return again(403, "The form expired or did not come from this site (its CSRF token does not match). Please try again.");
        }
        try {
            Caller caller = callers.require("Bearer " + (token == null ? "" : token.strip()));
            if (jar == null || jar.size() == 0) {
                return again(400, "Choose the plugin JAR to upload.");
            }
            StoredSubmission stored = uploads.upload(caller, jar.uploadedFile());
            return Response.seeOther(URI.create("/jobs?submission=" + stored.id())).build();
        } catch (Problem p) {
            return again(p.status(), p.detail());
        }
    }

    private static Response again(int status, String error) {
        String csrf = newCsrf();
        return Response.status(status).entity(Templates.upload(csrf, error)).cookie(cookie(csrf)).type(MediaType.TEXT_HTML).build();
    }

    private static String newCsrf() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static NewCookie cookie(String csrf) {
        return new NewCookie.Builder(CSRF_COOKIE).value(csrf).path("/upload").httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
